using JitRuntime.Fakes;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using JitRuntime.Calls;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Databases;

/// <summary>
/// Several nodes of one app on one PostgreSQL database (<see cref="LoginCluster"/>): migrations, sessions and the key
/// ring across nodes. The "at most one" races are in <see cref="AtMostOnceTests"/>.
/// </summary>
public sealed class MultiNodeTests
{
    [Fact]
    public async Task Nodes_starting_together_on_an_empty_database_migrate_it_exactly_once()
    {
        await using var cluster = await LoginCluster.StartAsync(DatabaseEngine.PostgreSql, 5, together: true);
        var nodes = cluster.Nodes;
        await Task.WhenAll(nodes.Select(node => Task.Run(async () => await (await node.Database.OpenAsync()).DisposeAsync())));

        (await nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations")).Should().Be(nodes[0].Database.Migrations.Count);
        (await nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE module = 'auths'")).Should().Be(7);
    }

    [Fact]
    public async Task A_session_opened_on_one_node_is_valid_on_every_node_and_a_logout_on_another_ends_it_everywhere()
    {
        await using var cluster = await LoginCluster.StartAsync(DatabaseEngine.PostgreSql);
        var nodes = cluster.Nodes;
        var userId = await nodes[0].RegisterAsync("openid-session");
        var login = await nodes[0].Login.GetLoginCodeAsync(nodes[0].WeChat.IssueCode("openid-session"));
        var session = await nodes[1].AuthSvc.LoginByCodeAsync(login.LoginCode!, platform: "wechatMini");

        foreach (var node in nodes)
        {
            (await node.AuthSvc.GetSessionAsync(session.Token!)).UserId.Should().Be(userId);
        }

        await nodes[2].AuthSvc.LogoutAsync(session.Token!);
        foreach (var node in nodes)
        {
            var act = () => node.AuthSvc.GetSessionAsync(session.Token!);
            (await act.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("session_invalid");
        }
    }

    [Fact]
    public async Task A_session_key_encrypted_on_one_node_is_decrypted_on_another_from_another_folder()
    {
        await using var cluster = await LoginCluster.StartAsync(DatabaseEngine.PostgreSql, 2);
        var nodes = cluster.Nodes;
        var code = nodes[0].WeChat.IssueCode("openid-keyring");
        var bind = await nodes[0].Login.GetLoginCodeAsync(code);
        var userId = (await nodes[1].Login.RegisterAsync(bind.BindCode!)).UserId;
        const string rawData = """{"nickName":"n"}""";
#pragma warning disable CA5350 // WeChat's protocol
        var signature = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(rawData + nodes[0].WeChat.SessionKeyOf(code))));
#pragma warning restore CA5350

        nodes[0].App.Directory.Should().NotBe(nodes[1].App.Directory);
        (await nodes[1].Login.VerifySignatureAsync(userId, rawData, signature)).Should().BeTrue(
            "node 1 decrypts the session key node 0 encrypted, with the key ring both read from the database");
        (await nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_data_protection_keys")).Should().BePositive();
        (await nodes[0].QueryScalarAsync<string>("SELECT encode(w.session_key, 'escape') FROM auth_wechat_logins w JOIN auth_logins l ON l.login_element = w.login_element AND l.subject = w.open_id WHERE l.user_id = @userId", new { userId }))
            .Should().NotContain(nodes[0].WeChat.SessionKeyOf(code), "session keys are stored encrypted");
    }
}
