using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Dapper;
using JitRuntime.Auths.Security;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JitRuntime.Tests.Databases;

/// <summary>
/// The Data Protection key ring in the database is encrypted with a certificate that is not in it: a copy of the
/// database with everything else but the certificate decrypts no session key; another node with the certificate does;
/// a new certificate can take over while the old one still decrypts.
/// </summary>
public sealed class KeyRingProtectionTests
{
    private const string RawData = """{"nickName":"n"}""";

    private static string Signature(string sessionKey)
    {
#pragma warning disable CA5350 // WeChat's protocol
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(RawData + sessionKey)));
#pragma warning restore CA5350
    }

    /// <summary>A node with its own app folder on <paramref name="database"/>, its key ring configured by <paramref name="settings"/>.</summary>
    private static async Task<LoginHarness> NodeAsync(PostgresServer server, string database, Dictionary<string, string?> settings)
    {
        var app = new TempApp();
        await LoginHarness.WritePostgresDatabaseElementAsync(app, server, database);
        return await LoginHarness.StartAsync(DatabaseEngine.PostgreSql, app: app, settings: settings);
    }

    private static Dictionary<string, string?> NoCertificate() => new()
    {
        ["DataProtection:Certificate:Path"] = "", ["DataProtection:Certificate:Password"] = "", ["DataProtection:AllowPlainKeys"] = "true",
    };

    private static async Task<string> CopyDatabaseAsync(PostgresServer server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        var copy = "dump_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        await connection.ExecuteAsync($"CREATE DATABASE {copy} TEMPLATE {database}");
        return copy;
    }

    [Fact]
    public async Task A_copy_of_the_database_without_the_certificate_decrypts_no_session_key_and_a_node_with_it_does()
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync();
        var certificate = TestCertificates.Create("keyring");
        string sessionKey;
        long userId;
        await using (var first = await NodeAsync(server, database, TestCertificates.Settings(certificate)))
        {
            var code = first.WeChat.IssueCode("openid-dump");
            sessionKey = first.WeChat.SessionKeyOf(code);
            userId = (await first.Login.RegisterAsync((await first.Login.GetLoginCodeAsync(code)).BindCode!)).UserId;

            var keyRing = await first.QueryScalarAsync<string>("SELECT string_agg(xml, '') FROM auth_data_protection_keys");
            keyRing.Should().Contain("encryptedSecret").And.NotContain("<value>", "every key is encrypted with the certificate before it is stored");
        }

        var dump = await CopyDatabaseAsync(server, database);

        // Everything but the certificate: no certificate at all, or another one.
        foreach (var withoutIt in new[] { NoCertificate(), TestCertificates.Settings(TestCertificates.Create("other")) })
        {
            await using var thief = await NodeAsync(server, dump, withoutIt);
            var act = () => thief.Login.VerifySignatureAsync(userId, RawData, Signature(sessionKey));
            (await act.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("session_key_stale");
            var protector = thief.Services.GetRequiredService<SessionKeyProtector>();
            var stored = (await thief.Database.OpenAsync()).Query<byte[]>("SELECT session_key FROM auth_wechat_logins").ToList();
            stored.Should().NotBeEmpty().And.OnlyContain(key => protector.Unprotect(key) == null);
        }

        await using var node = await NodeAsync(server, dump, TestCertificates.Settings(certificate));
        (await node.Login.VerifySignatureAsync(userId, RawData, Signature(sessionKey))).Should().BeTrue("another node with the certificate decrypts it");
    }

    [Fact]
    public async Task A_new_certificate_takes_over_while_the_previous_one_still_decrypts()
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync();
        var (oldCertificate, newCertificate) = (TestCertificates.Create("old"), TestCertificates.Create("new"));
        string sessionKey;
        long userId;
        await using (var before = await NodeAsync(server, database, TestCertificates.Settings(oldCertificate)))
        {
            var code = before.WeChat.IssueCode("openid-rotate");
            sessionKey = before.WeChat.SessionKeyOf(code);
            userId = (await before.Login.RegisterAsync((await before.Login.GetLoginCodeAsync(code)).BindCode!)).UserId;
        }

        var rotated = TestCertificates.Settings(newCertificate);
        rotated["DataProtection:PreviousCertificates:0:Path"] = oldCertificate.Path;
        rotated["DataProtection:PreviousCertificates:0:Password"] = oldCertificate.Password;
        await using var after = await NodeAsync(server, database, rotated);

        (await after.Login.VerifySignatureAsync(userId, RawData, Signature(sessionKey))).Should().BeTrue("the previous certificate still decrypts the old key");
        var now = DateTimeOffset.UtcNow;
        after.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));
        var newest = await after.QueryScalarAsync<string>("SELECT xml FROM auth_data_protection_keys ORDER BY created_at DESC LIMIT 1");
        using var expected = X509CertificateLoader.LoadPkcs12FromFile(newCertificate.Path, newCertificate.Password);
        newest.Should().Contain(Convert.ToBase64String(expected.RawData), "new keys are encrypted with the new certificate");
    }

    [Fact]
    public async Task A_shared_database_refuses_to_store_a_plain_key_unless_plain_keys_are_allowed()
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync();
        var plain = NoCertificate();
        plain["DataProtection:AllowPlainKeys"] = "false";
        await using var node = await NodeAsync(server, database, plain);

        var act = () => node.Login.GetLoginCodeAsync(node.WeChat.IssueCode("openid-plain"));

        var error = (await act.Should().ThrowAsync<ElementCallException>()).Which;
        error.Code.Should().BeOneOf("key_ring_unprotected", "key_store_unavailable");
        error.ToString().Should().Contain("DataProtection:Certificate:Path");
        (await node.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_data_protection_keys")).Should().Be(0, "no plain key was stored");
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_loaded_is_a_clear_error_without_its_password()
    {
        var missing = Path.Combine(Path.GetTempPath(), "jit-certs", "missing.pfx");
        await using var node = await LoginHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["DataProtection:Certificate:Path"] = missing, ["DataProtection:Certificate:Password"] = "hunter2-secret",
        });

        var act = () => node.Login.GetLoginCodeAsync(node.WeChat.IssueCode("openid-cert"));

        var error = (await act.Should().ThrowAsync<ElementCallException>()).Which;
        error.Code.Should().Be("key_store_unavailable");
        error.Message.Should().Contain("DataProtection:Certificate:Path").And.Contain("missing.pfx").And.NotContain("hunter2");
    }
}
