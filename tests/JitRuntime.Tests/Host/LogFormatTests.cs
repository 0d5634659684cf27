using System.Reflection;
using System.Text.Json;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Tests.Host;

/// <summary>
/// <c>jit run --log-format json</c> writes one JSON object per line that log shippers parse (event id, level, category,
/// message); the event ids are stable, unique and listed in README.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class LogFormatTests
{
    private static readonly string[] RuntimeAssemblies = ["jit", "JitRuntime", "JitRuntime.Core", "JitRuntime.Auths", "JitRuntime.Databases"];

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
    public void Every_log_event_has_its_own_id_and_README_lists_it()
    {
        var readme = File.ReadAllText(Path.Combine(TestRuntime.RepositoryRoot, "README.md"));
        var events = RuntimeAssemblies
            .Select(Assembly.Load)
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => method.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .ToList();

        events.Should().HaveCountGreaterThan(20);
        events.Select(e => e.EventId).Should().OnlyHaveUniqueItems();
        foreach (var e in events)
        {
            readme.Should().Contain($"| {e.EventId} | {e.Level} |", $"README lists event {e.EventId} ({e.Message})");
        }
    }
}
