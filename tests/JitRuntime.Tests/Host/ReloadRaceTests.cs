using System.Diagnostics;
using JitRuntime.Host.Hosting;
using JitRuntime.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Host;

/// <summary>
/// "Watch, then read": a change made at any moment is served eventually, including one made while a reload that
/// brings a new folder in (app.json <c>extends</c>) is between reading that folder and watching it.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class ReloadRaceTests
{
    private const string SessionsType = "auths.loginTypes.services.AuthSvcType";

    [Fact]
    public async Task Elements_written_in_a_parent_app_while_extends_is_being_applied_are_all_served()
    {
        using var app = new TempApp("raceApp");
        app.Write("app.json", """
            { "name": "raceApp", "settings": { "Host": { "ReloadDebounce": "00:00:00.020" } } }
            """);
        await using var host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0",
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        await JitWebHost.StartAsync(host);
        var holder = host.Services.GetRequiredService<JitAppHolder>();
        var parents = new List<TempApp>();
        try
        {
            // Each round brings a new parent in and writes elements into it at many moments around the reload that
            // reads it: before the fix, one written after that read and before the watcher existed was never served.
            for (var round = 0; round < 6; round++)
            {
                var parent = new TempApp($"parent{round}");
                parents.Add(parent);
                parent.Element("shared/First", $$"""{ "title": "first", "type": "{{SessionsType}}" }""");
                app.Write("app.json", $$"""
                    { "name": "raceApp", "extends": [{{System.Text.Json.JsonSerializer.Serialize(parent.Directory)}}],
                      "settings": { "Host": { "ReloadDebounce": "00:00:00.020" } } }
                    """);

                var written = new List<string>();
                var clock = Stopwatch.StartNew();
                for (var i = 0; clock.Elapsed < TimeSpan.FromMilliseconds(400); i++)
                {
                    parent.Element($"shared/Late{i}", $$"""{ "title": "late {{i}}", "type": "{{SessionsType}}" }""");
                    written.Add($"shared.Late{i}");
                    await Task.Delay(2);
                }

                var expected = written.Append("shared.First").ToList();
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
                List<string> missing;
                do
                {
                    await Task.Delay(50);
                    var current = holder.Current;
                    missing = expected.Where(name => current.FindElement(name) is null).ToList();
                }
                while (missing.Count > 0 && DateTime.UtcNow < deadline);

                missing.Should().BeEmpty($"round {round}: every element written into the parent is served eventually");
            }
        }
        finally
        {
            await host.StopAsync();
            parents.ForEach(parent => parent.Dispose());
        }
    }
}
