using JitRuntime.Databases;
using JitRuntime.Host.Hosting;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Databases;

/// <summary>
/// The default database is the one the loaded app.json names: the loader checks that name, and the database follows it
/// when an edit of app.json reloads the app (the host's configuration, read once at start, does not decide it).
/// </summary>
[Collection(Host.HostProcessTests.Name)]
public sealed class DefaultDatabaseReloadTests
{
    private static string AppJson(string database) => $$"""
        { "name": "dbApp", "settings": { "Host": { "ReloadDebounce": "00:00:00.020" }, "defaultElement": { "defaultDatabase": "{{database}}" } } }
        """;

    [Fact]
    public async Task An_edit_of_app_json_that_names_another_database_element_moves_the_default_database_to_it()
    {
        using var app = new TempApp("dbApp");
        foreach (var name in new[] { "First", "Second" })
        {
            app.Element($"databases/{name}", """{ "title": "Database", "type": "databases.SqliteType" }""");
            app.Write($"elements/databases/{name}/{name}.json", $$"""{ "dbType": "sqlite", "dbConfig": { "database": "data/{{name}}.db" } }""");
        }

        app.Write("app.json", AppJson("databases.First"));
        await using var host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0", new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        await JitWebHost.StartAsync(host);
        var database = host.Services.GetRequiredService<AppDatabase>();
        var holder = host.Services.GetRequiredService<JitAppHolder>();
        database.Current.FullName.Should().Be("databases.First");
        var loaded = holder.Current;

        app.Write("app.json", AppJson("databases.Second"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (ReferenceEquals(holder.Current, loaded) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        holder.Current.Should().NotBeSameAs(loaded, "the edit of app.json reloads the app");
        holder.Current.Diagnostics.Should().BeEmpty();
        database.Current.FullName.Should().Be("databases.Second", "the reloaded app.json names it");
        await (await database.OpenAsync()).DisposeAsync();
        File.Exists(Path.Combine(app.Directory, "data", "Second.db")).Should().BeTrue("the runtime's tables are created where the new default database is");
        await host.StopAsync();
    }
}
