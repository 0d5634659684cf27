using System.Globalization;
using JitRuntime.Fakes;
using JitRuntime.Host.Hosting;
using JitRuntime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Benchmarks;

/// <summary>
/// The soak for docs/operating.md: concurrent registrations, logins, binds and unbinds over HTTP on loopback against the real
/// host for a bounded time, then the checker. Prints calls per second and latency percentiles.
/// </summary>
internal static class SoakBenchmark
{
    public static async Task RunAsync(int seconds, int workers)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        using var app = new GeneratedApp(0);
        app.AddLoginElements(weChat.BaseUrl);

        await using var host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0", new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        await JitWebHost.StartAsync(host);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers * 2 }) { BaseAddress = new Uri(host.Urls.Single()) };
        var soak = new LoginSoak(http, weChat, GeneratedApp.LoginElement, GeneratedApp.AuthSvcElement);

        var report = await soak.RunAsync(TimeSpan.FromSeconds(seconds), workers, seed: 1);
        var problems = await soak.CheckAsync(host.Services.GetRequiredService<JitRuntime.Databases.AppDatabase>().Current.Location);

        Console.WriteLine($"Soak: {seconds} s, {workers} concurrent clients over HTTP on 127.0.0.1, server, fake WeChat and clients in one process, " +
                          $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| calls | calls/s | p50 (ms) | p99 (ms) | checker |{Environment.NewLine}| ---: | ---: | ---: | ---: | --- |{Environment.NewLine}" +
            $"| {report.Calls:N0} | {report.CallsPerSecond:N0} | {report.P50Ms:F1} | {report.P99Ms:F1} | {(problems.Count == 0 ? "nothing lost" : string.Join("; ", problems))} |"));
        Console.WriteLine();
        foreach (var (outcome, count) in report.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {outcome}: {count:N0}"));
        }

        await host.StopAsync();
    }
}
