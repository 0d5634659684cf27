using JitRuntime.Fakes;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using JitRuntime.Calls;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Databases;

/// <summary>
/// Several nodes of one app on one PostgreSQL database, in one process: each node has its own copy of the app folder,
/// its own services and its own pools, and shares only the database (tables and the Data Protection key ring).
/// </summary>
public sealed class MultiNodeTests
{
    private static async Task<List<LoginHarness>> StartNodesAsync(int count, bool together = false)
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync();
        async Task<LoginHarness> Node()
        {
            var app = new TempApp();
            await LoginHarness.WritePostgresDatabaseElementAsync(app, server, database);
            return await LoginHarness.StartAsync(DatabaseEngine.PostgreSql, app: app);
        }

        if (together)
        {
            return (await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(Node)))).ToList();
        }

        var nodes = new List<LoginHarness>();
        for (var i = 0; i < count; i++)
        {
            nodes.Add(await Node());
        }

        return nodes;
    }

    private static async Task DisposeAllAsync(IEnumerable<LoginHarness> nodes)
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task Nodes_starting_together_on_an_empty_database_migrate_it_exactly_once()
    {
        var nodes = await StartNodesAsync(5, together: true);
        try
        {
            await Task.WhenAll(nodes.Select(node => Task.Run(async () => await (await node.Database.OpenAsync()).DisposeAsync())));

            (await nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations")).Should().Be(nodes[0].Database.Migrations.Count);
            (await nodes[0].QueryScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE module = 'auths'")).Should().Be(5);
        }
        finally
        {
            await DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task Twenty_one_redemptions_of_one_bindCode_spread_over_three_nodes_make_exactly_one_user()
    {
        var nodes = await StartNodesAsync(3);
        try
        {
            var bind = await nodes[0].Login.GetLoginCodeAsync(nodes[0].WeChat.IssueCode("openid-cluster"));
            var logins = nodes.Select(node => node.Login).ToList();

            var outcomes = await Task.WhenAll(Enumerable.Range(0, 21).Select(i => Task.Run(async () =>
            {
                try
                {
                    return "user " + (await logins[i % 3].RegisterAsync(bind.BindCode!)).UserId;
                }
                catch (ElementCallException ex)
                {
                    return ex.Code;
                }
            })));

            outcomes.Count(o => o.StartsWith("user ", StringComparison.Ordinal)).Should().Be(1, string.Join("\n", outcomes));
            outcomes.Where(o => !o.StartsWith("user ", StringComparison.Ordinal)).Should().OnlyContain(o => o == "bind_code_used");
            (await nodes[2].QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_users")).Should().Be(1);
        }
        finally
        {
            await DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task A_session_opened_on_one_node_is_valid_on_every_node_and_a_logout_on_another_ends_it_everywhere()
    {
        var nodes = await StartNodesAsync(3);
        try
        {
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
        finally
        {
            await DisposeAllAsync(nodes);
        }
    }

    [Fact]
    public async Task A_session_key_encrypted_on_one_node_is_decrypted_on_another_from_another_folder()
    {
        var nodes = await StartNodesAsync(2);
        try
        {
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
            (await nodes[0].QueryScalarAsync<string>("SELECT encode(session_key, 'escape') FROM auth_wechat_bindings WHERE user_id = @userId", new { userId }))
                .Should().NotContain(nodes[0].WeChat.SessionKeyOf(code), "session keys are stored encrypted");
        }
        finally
        {
            await DisposeAllAsync(nodes);
        }
    }
}
