using System.Reflection;
using System.Text.Json;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Tests.Host;

/// <summary>
/// <c>jit run --log-format json</c> writes one JSON object per line that log shippers parse (event id, level, category,
/// message); the event ids are stable, unique and listed in docs/operating.md.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class LogFormatTests
{
    [Fact]
    public async Task Json_logs_are_one_object_per_line_with_the_event_id_level_category_and_message()
    {
        await using var hosted = await HostedApp.CreateAsync();
        hosted.App.Element("auths/loginTypes/broken", "{");
        await using var host = await HostProcess.StartAsync(hosted.App.Directory, null, "--log-format", "json");
        await host.WaitForOutputAsync("Loaded app");

        var lines = host.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().NotBeEmpty();
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        foreach (var entry in entries)
        {
            entry.EnumerateObject().Select(p => p.Name).Should().Contain(["Timestamp", "EventId", "LogLevel", "Category", "Message"]);
        }

        var loaded = entries.Single(e => e.GetProperty("Message").GetString()!.StartsWith("Loaded app", StringComparison.Ordinal));
        loaded.GetProperty("EventId").GetInt32().Should().Be(1);
        loaded.GetProperty("Category").GetString().Should().Be("JitRuntime.Apps.JitAppLoader");
        loaded.GetProperty("State").GetProperty("Broken").GetInt32().Should().Be(1);
        entries.Should().Contain(e => e.GetProperty("EventId").GetInt32() == 2 && e.GetProperty("LogLevel").GetString() == "Error",
            "the broken element's diagnostic is its own event");
    }

    [Fact]
    public async Task An_unknown_log_format_in_the_apps_settings_stops_the_host_with_the_reason()
    {
        await using var hosted = await HostedApp.CreateAsync(""", "Logging": { "Console": { "FormatterName": "xml" } }""");

        var start = async () => await hosted.StartHostAsync();

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain("Logging:Console:FormatterName: 'xml' is not a log format; use simple (text) or json");
    }

    [Fact]
    public void Every_log_event_has_its_own_id_and_the_operating_docs_list_it_under_the_category_it_logs_under()
    {
        var readme = File.ReadAllText(Path.Combine(TestRuntime.RepositoryRoot, "docs", "operating.md"));
        var events = ComposedFamilies.Runtime()
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Event: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Event is not null)
            .Select(m => (Event: m.Event!, Category: CategoryOf(m.Method)))
            .ToList();

        events.Should().HaveCountGreaterThan(20);
        events.Select(e => e.Event.EventId).Should().OnlyHaveUniqueItems();
        foreach (var (e, category) in events)
        {
            readme.Should().Contain($"| {e.EventId} | {e.Level} | `{category}` |", $"docs/operating.md lists event {e.EventId} ({e.Message}) under the category the log prints");
        }
    }

    /// <summary>Loggers handed to a type by another, or named by hand: the category each logs under.</summary>
    private static readonly Dictionary<string, string> GivenCategories = new(StringComparer.Ordinal)
    {
        ["JitRuntime.Apps.LoaderLog"] = "JitRuntime.Apps.JitAppLoader", // JitAppLoader hands it its own logger
        ["JitRuntime.Databases.Sqlite.SqliteDatabase"] = "JitRuntime.Databases.Sqlite.SqliteDatabase", // AppDatabase and SqliteType hand it ILogger<SqliteDatabase>
        ["JitRuntime.Auths.Development.WeChatStandInOption"] = "JitRuntime.Development",
        ["JitRuntime.Host.HttpApi.ElementEndpoints"] = "JitRuntime.Host.HttpApi.ElementEndpoints",
        ["JitRuntime.Host.Studio.StudioAccess"] = "JitRuntime.Host.Studio.StudioAccess", // RunCommand hands it ILogger<StudioAccess>
    };

    /// <summary>The category an event's logger has: <c>ILogger&lt;T&gt;</c> in the declaring type's constructor logs under T.</summary>
    private static string CategoryOf(MethodInfo method)
    {
        var type = method.DeclaringType!;
        if (GivenCategories.TryGetValue(type.FullName!, out var given))
        {
            return given;
        }

        var logger = type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            .SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
            .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(ILogger<>));
        logger.Should().NotBeNull($"{type} logs event(s) but takes no ILogger<T>: add it to {nameof(GivenCategories)} with the category it logs under");
        return logger!.GetGenericArguments()[0].FullName!.Replace('+', '.');
    }
}
