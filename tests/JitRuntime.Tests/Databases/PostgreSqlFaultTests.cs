using JitRuntime.Fakes;
using System.Diagnostics;
using JitRuntime.Calls;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;
using static JitRuntime.Tests.Support.StorageFaults;

namespace JitRuntime.Tests.Databases;

/// <summary>
/// PostgreSQL failing under a running app, through the same dispatch as HTTP and <c>jit call</c>: every failure is a
/// coded 503 that names the database element, nothing hangs, and the app recovers without a restart.
/// </summary>
public sealed class PostgreSqlFaultTests
{
    /// <summary>A storage failure whose message names the database element.</summary>
    private static async Task<ElementCallException> NamedFailure(Func<Task> call, string code)
    {
        var error = await StorageFailure(call, code);
        error.Message.Should().Contain("databases.Default");
        return error;
    }

    private static async Task<LoginHarness> StartWithConfigurationAsync(string configuration)
    {
        var app = new TempApp();
        app.Element("databases/Default", """{ "title": "Default database", "type": "databases.PgSqlType" }""");
        app.Write("elements/databases/Default/Default.json", configuration);
        return await LoginHarness.StartAsync(DatabaseEngine.PostgreSql, app: app);
    }

    [Fact]
    public async Task A_server_restarted_while_serving_gives_503_database_unavailable_and_the_app_recovers_without_a_restart()
    {
        await using var server = await PostgresServer.StartAsync();
        var app = new TempApp();
        await LoginHarness.WritePostgresDatabaseElementAsync(app, server);
        await using var h = await LoginHarness.StartAsync(DatabaseEngine.PostgreSql, app: app);
        await h.RegisterAsync("openid-before");

        await server.StopAsync();
        await NamedFailure(() => GetLoginCode(h, "openid-before"), "database_unavailable");

        await server.StartServerAsync();
        (await GetLoginCode(h, "openid-before")).Should().NotBeNull("the pool drops the dead connections and opens new ones");
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_users")).Should().Be(1, "nothing was lost or half written");
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_503_naming_the_element_and_its_address()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var closedPort = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var h = await StartWithConfigurationAsync(
            $$"""{ "host": "127.0.0.1", "port": {{closedPort}}, "dbname": "app", "user": "jit", "password": "x", "timeout": 2 }""");

        var error = await NamedFailure(() => GetLoginCode(h, "openid-unreachable"), "database_unavailable");

        error.Message.Should().Contain($"127.0.0.1:{closedPort}/app").And.NotContain("Password");
    }

    [Fact]
    public async Task A_wrong_password_and_a_missing_database_are_told_apart()
    {
        var server = await PostgresServer.Shared;
        await using (var wrongPassword = await StartWithConfigurationAsync(
            $$"""{ "host": "127.0.0.1", "port": {{server.Port}}, "dbname": "postgres", "user": "jit", "password": "not-the-password" }"""))
        {
            var error = await NamedFailure(() => GetLoginCode(wrongPassword, "openid-pw"), "database_login_failed");
            error.Message.Should().Contain("user 'jit'").And.NotContain("not-the-password");
        }

        await using var missing = await StartWithConfigurationAsync(
            $$"""{ "host": "127.0.0.1", "port": {{server.Port}}, "dbname": "no_such_db", "user": "jit", "password": "{{server.Password}}" }""");
        (await NamedFailure(() => GetLoginCode(missing, "openid-db"), "database_not_found")).Message.Should().Contain("no_such_db");
    }

    [Fact]
    public async Task An_exhausted_pool_answers_503_database_busy_instead_of_hanging()
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync();
        await using var h = await StartWithConfigurationAsync(
            $$"""{ "host": "127.0.0.1", "port": {{server.Port}}, "dbname": "{{database}}", "user": "jit", "password": "{{server.Password}}", "maxPoolSize": 1, "timeout": 1 }""");
        await h.RegisterAsync("openid-pool");

        await using (var held = await h.Database.OpenAsync())
        {
            var clock = Stopwatch.StartNew();
            await NamedFailure(() => GetLoginCode(h, "openid-pool"), "database_busy");
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "a call waits for the pool's timeout, not forever");
        }

        (await GetLoginCode(h, "openid-pool")).Should().NotBeNull("the connection is free again");
    }
}
