using System.Data.Common;
using Dapper;
using JitRuntime.Databases;
using JitRuntime.Databases.PostgreSql;
using JitRuntime.Databases.Sqlite;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// A database the previous version wrote (auths v5: WeChat bindings in <c>auth_wechat_bindings</c>) upgrades in place
/// to the one store of external logins: users keep logging in as themselves, WeChat's columns come along, and codes in
/// flight across the upgrade still redeem.
/// </summary>
public abstract class ExternalLoginsUpgradeTests(DatabaseEngine engine)
{
    [Fact]
    public async Task Bindings_and_codes_in_flight_of_version_5_keep_working_after_the_upgrade()
    {
        var app = new TempApp();
        var inFlight = JitRuntime.Auths.Security.OneTimeCode.Generate();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var old = await OpenOldDatabaseAsync(app))
        {
            var dialect = engine == DatabaseEngine.PostgreSql ? (JitRuntime.Databases.Sql.SqlDialect)PgSqlDialect.Instance : SqliteDialect.Instance;
            var steps = TestRuntime.Services().GetServices<DatabaseMigration>()
                .Where(m => m.Module == "auths" && m.Version <= 5).OrderBy(m => m.Version).ToList();
            steps.Should().HaveCount(5);
            await old.ExecuteAsync("""
                CREATE TABLE schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version))
                """);
            foreach (var step in steps)
            {
                await old.ExecuteAsync(step.SqlFor(dialect));
                await old.ExecuteAsync("INSERT INTO schema_migrations VALUES ('auths', @Version, '2026-11-20T00:00:00Z')", new { step.Version });
            }

            await old.ExecuteAsync("INSERT INTO auth_users (created_at) VALUES (1)");
            await old.ExecuteAsync("INSERT INTO auth_users (created_at) VALUES (2)");
            await old.ExecuteAsync("""
                INSERT INTO auth_wechat_bindings (login_element, app_id, open_id, union_id, user_id, session_key, created_at, updated_at, session_key_stale)
                VALUES (@login, @appId, 'openid-before', 'union-before', 1, NULL, 1, 1, 1),
                       (@login, @appId, 'openid-stale', NULL, 2, NULL, 2, 2, 1)
                """, new { login = LoginHarness.LoginName, appId = FakeWeChatServer.AppId });
            await old.ExecuteAsync("""
                INSERT INTO auth_codes (code_hash, kind, login_element, subject, details, secret, created_at, expires_at)
                VALUES (@hash, 'bind', @login, 'openid-in-flight', @details, NULL, 1, @expires)
                """, new { hash = inFlight.Hash, login = LoginHarness.LoginName, details = $$"""{"appId":"{{FakeWeChatServer.AppId}}","unionId":"union-in-flight"}""",
                expires = now + 3_600_000 });
        }

        await using var h = await LoginHarness.StartAsync(engine, app: app);

        (await h.QueryScalarAsync<long>("SELECT MAX(version) FROM schema_migrations WHERE module = 'auths'")).Should().Be(7);
        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-before"));
        (await h.AuthSvc.LoginByCodeAsync(login.LoginCode!)).UserId.Should().Be(1, "the user bound before the upgrade is still themselves");
        (await h.QueryScalarAsync<string>("SELECT union_id FROM auth_wechat_logins WHERE open_id = 'openid-before'")).Should().Be("union-before");
        (await h.QueryScalarAsync<long>("SELECT session_key_stale FROM auth_wechat_logins WHERE open_id = 'openid-stale'")).Should().Be(1, "WeChat's columns came along");
        var registered = await h.Login.RegisterAsync(inFlight.Code);
        registered.UserId.Should().Be(3);
        (await h.QueryScalarAsync<string>("SELECT union_id FROM auth_wechat_logins WHERE open_id = 'openid-in-flight'")).Should().Be("union-in-flight");
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_logins")).Should().Be(3);
        var gone = () => h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_wechat_bindings");
        await gone.Should().ThrowAsync<DbException>("the old table was dropped");
    }

    private async Task<DbConnection> OpenOldDatabaseAsync(TempApp app)
    {
        DbConnection connection;
        if (engine == DatabaseEngine.PostgreSql)
        {
            var server = await PostgresServer.Shared;
            var database = await server.CreateDatabaseAsync();
            await LoginHarness.WritePostgresDatabaseElementAsync(app, server, database);
            connection = new NpgsqlConnection(server.ConnectionString(database));
        }
        else
        {
            Directory.CreateDirectory(Path.Combine(app.Directory, "data"));
            connection = new SqliteConnection($"Data Source={Path.Combine(app.Directory, "data", "app.db")};Pooling=False");
        }

        await connection.OpenAsync();
        return connection;
    }
}

/// <summary>The upgrade of a SQLite file.</summary>
public sealed class SqliteExternalLoginsUpgradeTests() : ExternalLoginsUpgradeTests(DatabaseEngine.Sqlite);

/// <summary>The upgrade of a PostgreSQL database.</summary>
public sealed class PostgreSqlExternalLoginsUpgradeTests() : ExternalLoginsUpgradeTests(DatabaseEngine.PostgreSql);
