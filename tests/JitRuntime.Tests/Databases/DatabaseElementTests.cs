using Dapper;
using JitRuntime.Databases;
using JitRuntime.Databases.Sqlite;
using JitRuntime.Diagnostics;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SqliteType = JitRuntime.Databases.Sqlite.SqliteType;

namespace JitRuntime.Tests.Databases;

/// <summary>Databases are elements (JitAi's databases family): declared in a folder, named by app.json, checked by the loader.</summary>
public sealed class DatabaseElementTests : TempAppTest
{
    private void SqliteElement(string name, string configuration) 
    {
        App.Element($"databases/{name}", """{ "title": "Database", "type": "databases.SqliteType" }""");
        App.Write($"elements/databases/{name}/{name}.json", configuration);
    }

    private void AppJson(string settings) => App.Write("app.json", $$"""
        {
          "name": "dbApp",
          "settings": {{settings}}
        }
        """);

    [Fact]
    public async Task A_sqlite_database_element_in_JitAis_shape_holds_the_runtimes_tables_where_its_configuration_says()
    {
        SqliteElement("Default", """{ "dbType": "sqlite", "dbConfig": { "database": "data/elements.db" } }""");
        await using var h = await LoginHarness.StartAsync(app: App);

        await h.RegisterAsync("openid-element-db");

        var database = h.JitApp.GetElement<IDatabase>("databases.Default");
        database.Should().BeOfType<SqliteType>().Which.FilePath.Should().Be(Path.Combine(App.Directory, "data/elements.db"));
        h.Database.Current.Should().BeSameAs(database);
        File.Exists(Path.Combine(App.Directory, "data/app.db")).Should().BeFalse("the implicit database is not used when one is declared");
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_users")).Should().Be(1);
    }

    [Fact]
    public async Task The_configuration_file_follows_JitAis_convention_and_frontBundleEntry_still_wins()
    {
        SqliteElement("Default", """{ "dbType": "mysql", "dbConfig": { "database": "data/app.db" } }""");
        App.Element("databases/Other", """{ "title": "Other", "type": "databases.SqliteType", "frontBundleEntry": "./custom.json" }""");
        App.Write("elements/databases/Other/custom.json", """{ "dbType": "sqlite", "dbConfig": { "database": "data/other.db" } }""");
        App.Write("elements/databases/Other/Other.json", """{ "not": "read" }""");

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Path.Should().Be("elements/databases/Default/Default.json");
        error.Code.Should().Be(DiagnosticCodes.InvalidConfiguration);
        app.GetElement<SqliteType>("databases.Other").FilePath.Should().EndWith("data/other.db");
    }

    [Fact]
    public async Task A_default_database_that_does_not_exist_is_a_diagnostic_at_its_place_in_app_json()
    {
        SqliteElement("Default", """{ "dbType": "sqlite", "dbConfig": { "database": "data/app.db" } }""");
        AppJson("""{ "defaultElement": { "defaultDatabase": "databases.Defualt" } }""");

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle().Subject;
        (error.Path, error.Line, error.Code).Should().Be(("app.json", 3, DiagnosticCodes.SettingNamesMissingElement));
        error.Message.Should().Contain("'databases.Defualt', which does not exist").And.Contain("databases.Default");
    }

    [Fact]
    public async Task A_default_database_that_is_not_a_database_is_a_diagnostic()
    {
        App.WeChatLogin("auths/loginTypes/login");
        AppJson("""{ "defaultElement": { "defaultDatabase": "auths.loginTypes.login" } }""");

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.SettingNamesWrongFamily);
        error.Message.Should().Contain("whose type is auths.loginTypes.WeChatMiniType; expected an element of databases.Meta");
    }

    [Theory]
    [InlineData("""{ "port": 5432, "dbname": "app", "user": "jit" }""", "host")]
    [InlineData("""{ "host": "db", "port": 70000, "dbname": "app", "user": "jit" }""", "port")]
    [InlineData("""{ "host": "db", "dbname": "app", "user": "jit", "sslMode": "Sometimes" }""", "sslMode")]
    public async Task A_postgresql_configuration_is_checked_against_its_schema(string configuration, string key)
    {
        App.Element("databases/Default", """{ "title": "Database", "type": "databases.PgSqlType" }""");
        App.Write("elements/databases/Default/Default.json", configuration);

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Code.Should().BeOneOf(DiagnosticCodes.InvalidConfiguration);
        error.Message.Should().Contain(key);
    }

    [Fact]
    public async Task A_sqlite_database_from_the_previous_version_is_upgraded_in_place_and_its_session_keys_still_decrypt()
    {
        // The previous version: auths v1 tables and the Data Protection keys in a keys/ folder beside the file.
        const string openId = "openid-old";
        var sessionKey = Convert.ToBase64String(new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 });
        var data = Path.Combine(App.Directory, "data");
        Directory.CreateDirectory(data);
        var inFlight = JitRuntime.Auths.Security.OneTimeCode.Generate();
        var v1 = TestRuntime.Services(configure: s => s.AddDatabaseElements()).GetServices<DatabaseMigration>()
            .Single(m => m.Module == "auths" && m.Version == 1).SqlFor(JitRuntime.Databases.Sqlite.SqliteDialect.Instance);
        var protector = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(data, "keys")), b => b.SetApplicationName("JitRuntime"))
            .CreateProtector("JitRuntime.Auths.WeChat.SessionKey.v1");
        await using (var old = new SqliteConnection($"Data Source={Path.Combine(data, "app.db")};Pooling=False"))
        {
            await old.OpenAsync();
            await old.ExecuteAsync("CREATE TABLE schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version));");
            await old.ExecuteAsync(v1);
            await old.ExecuteAsync("INSERT INTO schema_migrations VALUES ('auths', 1, '2026-11-01T00:00:00Z'); INSERT INTO auth_users (created_at) VALUES (1);");
            await old.ExecuteAsync("""
                INSERT INTO auth_wechat_bindings (login_element, app_id, open_id, user_id, session_key, created_at, updated_at)
                VALUES (@login, @appId, @openId, 1, @key, 1, 1)
                """, new { login = LoginHarness.LoginName, appId = JitRuntime.Fakes.FakeWeChatServer.AppId, openId, key = protector.Protect(System.Text.Encoding.UTF8.GetBytes(sessionKey)) });

            // A bindCode issued by the previous version and not redeemed yet, in the old WeChat-shaped code row.
            await old.ExecuteAsync("""
                INSERT INTO auth_codes (code_hash, kind, login_element, app_id, open_id, union_id, session_key, created_at, expires_at)
                VALUES (@hash, 'bind', @login, @appId, 'openid-in-flight', 'union-in-flight', @key, 1, @expires)
                """, new { hash = inFlight.Hash, login = LoginHarness.LoginName, appId = JitRuntime.Fakes.FakeWeChatServer.AppId,
                key = protector.Protect(System.Text.Encoding.UTF8.GetBytes(sessionKey)), expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() });
        }

        await using var h = await LoginHarness.StartAsync(app: App);

        const string rawData = "{}";
#pragma warning disable CA5350 // WeChat's protocol
        var signature = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(rawData + sessionKey)));
#pragma warning restore CA5350
        (await h.Login.VerifySignatureAsync(1, rawData, signature)).Should().BeTrue("the old keys were imported into the database");
        (await h.QueryScalarAsync<long>("SELECT MAX(version) FROM schema_migrations WHERE module = 'auths'")).Should().Be(7);
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_data_protection_keys")).Should().Be(1);
        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode(openId));
        login.LoginCode.Should().NotBeNull("the user registered before the upgrade is still known");
        var registered = await h.Login.RegisterAsync(inFlight.Code);
        (await h.QueryScalarAsync<string>("SELECT w.union_id FROM auth_wechat_logins w JOIN auth_logins l ON l.login_element = w.login_element AND l.subject = w.open_id WHERE l.user_id = @UserId", new { registered.UserId }))
            .Should().Be("union-in-flight", "a code in flight across the upgrade keeps what it was issued for");
    }
}
