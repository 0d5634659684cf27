using System.Globalization;
using System.Net.Http.Json;
using JitRuntime.Fakes;
using JitRuntime.Host.Hosting;

namespace JitRuntime.Benchmarks;

/// <summary>
/// The cost of telemetry: the HTTP getLoginCode benchmark against two hosts of the same app, one with the
/// OpenTelemetry SDK on (metrics and traces recorded, no exporter) and one with <c>Telemetry:Enabled</c> false,
/// alternating rounds in the same run. Target: on is within 5% of off.
/// </summary>
internal static class TelemetryBenchmark
{
    public static async Task RunAsync(int requests, int concurrency, int rounds)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        using var app = new GeneratedApp(0);
        app.AddLoginElements(weChat.BaseUrl);

        var hosts = new List<(string Name, Microsoft.AspNetCore.Builder.WebApplication Host)>();
        foreach (var (name, enabled) in new[] { ("telemetry on (metrics + traces, no exporter)", "true"), ("telemetry off (Telemetry:Enabled false)", "false") })
        {
            var host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0",
                new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Telemetry:Enabled"] = enabled });
            await JitWebHost.StartAsync(host);
            hosts.Add((name, host));
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });
        var openIds = Enumerable.Range(0, 100).Select(i => $"telemetry-bench-{i}").ToArray();
        var first = hosts[0].Host.Urls.Single();
        foreach (var openId in openIds)
        {
            var bind = await HttpBenchmark.PostAsync(client, $"{first}/api/elements/{GeneratedApp.LoginElement}/getLoginCode", weChat.IssueCode(openId));
            using var registered = await client.PostAsJsonAsync($"{first}/api/elements/{GeneratedApp.LoginElement}/register", new { bindCode = bind.GetProperty("bindCode").GetString() });
            registered.EnsureSuccessStatusCode();
        }

        var urls = hosts.Select(h => $"{h.Host.Urls.Single()}/api/elements/{GeneratedApp.LoginElement}/getLoginCode").ToArray();
        foreach (var url in urls)
        {
            await HttpBenchmark.MeasureAsync(client, weChat, openIds, url, requests / 4, concurrency);
        }

        var samples = urls.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var h = 0; h < urls.Length; h++)
            {
                var index = (round + h) % urls.Length; // alternate which goes first
                samples[index].Add(await HttpBenchmark.MeasureAsync(client, weChat, openIds, urls[index], requests, concurrency));
            }
        }

        var rates = samples.Select(s => s.Order().ElementAt(s.Count / 2)).ToArray();
        Console.WriteLine($"Telemetry cost: HTTP getLoginCode, {requests} requests per round, {concurrency} concurrent clients, median of {rounds} rounds, " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| host | requests/s | µs per request |");
        Console.WriteLine("| --- | ---: | ---: |");
        for (var h = 0; h < hosts.Count; h++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {hosts[h].Name} | {rates[h]:N0} | {1_000_000 / rates[h]:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"telemetry on: {rates[0] / rates[1]:P1} of off (target: at least 95%)"));
        foreach (var (_, host) in hosts)
        {
            await host.StopAsync();
            await host.DisposeAsync();
        }
    }
}
