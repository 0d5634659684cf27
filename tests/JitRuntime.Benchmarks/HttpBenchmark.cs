using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using JitRuntime.Fakes;
using JitRuntime.Auths.Development;
using JitRuntime.Host.Hosting;
using JitRuntime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Benchmarks;

/// <summary>
/// getLoginCode for registered users over HTTP with concurrent clients, against the fake WeChat on 127.0.0.1: the
/// real host (<c>POST /api/elements/{fullName}/getLoginCode</c>) next to a bare ASP.NET Core endpoint that does the
/// same WeChat call and the same SQL by hand (and the same crypto), in the same process and run.
/// Target: the host reaches at least 90% of the bare endpoint's throughput when both queue their SQLite writers in
/// process (the runtime does, <c>SqliteWriterQueue</c>); the bare endpoint without the queue is shown beside them.
/// </summary>
internal static class HttpBenchmark
{
    private const string Login = GeneratedApp.LoginElement;
    private const int Users = 100;

    public static async Task RunAsync(int requests, int concurrency, int rounds)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        using var app = new GeneratedApp(0);
        app.AddLoginElements(weChat.BaseUrl);

        await using var host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0",
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        await JitWebHost.StartAsync(host);
        var hostUrl = host.Urls.Single();

        var databasePath = host.Services.GetRequiredService<JitRuntime.Databases.AppDatabase>().Current.Location;
        var protector = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("bench");
        using var handWritten = HandWrittenLogin.OnSqlite(weChat.BaseUrl, databasePath, protector);
        var (bare, bareUrl) = await StartBareEndpointAsync(handWritten);
        await using var bareApp = bare;

        // The same by hand with the runtime's in-process writer queue: what separates the host's per-request path from
        // the same work written by hand, the queue included (the plain endpoint shows what the queue itself is worth).
        using var queued = HandWrittenLogin.OnSqlite(weChat.BaseUrl, databasePath, protector, queueWriters: true);
        var (bareQueued, bareQueuedUrl) = await StartBareEndpointAsync(queued);
        await using var bareQueuedApp = bareQueued;

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });
        var openIds = Enumerable.Range(0, Users).Select(i => $"http-bench-{i}").ToArray();
        foreach (var openId in openIds)
        {
            var bind = await PostAsync(client, $"{hostUrl}/api/elements/{Login}/getLoginCode", weChat.IssueCode(openId));
            using var registered = await client.PostAsJsonAsync($"{hostUrl}/api/elements/{Login}/register", new { bindCode = bind.GetProperty("bindCode").GetString() });
            registered.EnsureSuccessStatusCode();
        }

        var variants = new (string Name, string Url)[]
        {
            ("jit host: POST /api/elements/{fullName}/getLoginCode", $"{hostUrl}/api/elements/{Login}/getLoginCode"),
            ("bare ASP.NET Core endpoint, same WeChat call + SQL + crypto + writer queue by hand", $"{bareQueuedUrl}/bare/getLoginCode"),
            ("bare ASP.NET Core endpoint, same WeChat call + SQL + crypto by hand, no writer queue", $"{bareUrl}/bare/getLoginCode"),
        };
        // Rounds rotate which variant goes first (the tables grow and the WAL checkpoints as the run goes on); the
        // ratio is the median of each round's own ratio, steadier than a ratio of medians.
        var (rates, overheads) = await PairedRounds.RunAsync(variants.Length,
            (v, warmUp) => MeasureAsync(client, weChat, openIds, variants[v].Url, warmUp ? requests / 4 : requests, concurrency), rounds);
        var ratios = overheads.Select(o => 1 / (1 + o)).Order().ToList();
        Console.WriteLine($"HTTP getLoginCode benchmark: {Users} registered users, {requests} requests per round, {concurrency} concurrent clients, " +
                          $"median of {rounds} rounds (rotating which goes first), server, fake WeChat and clients in one process, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| server | requests/s | µs per request |");
        Console.WriteLine("| --- | ---: | ---: |");
        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {variants[v].Name} | {rates[v]:N0} | {1_000_000 / rates[v]:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"jit host throughput: {PairedRounds.Median(ratios):P0} of the bare endpoint doing the same work (median of {rounds} paired rounds, range {ratios[0]:P0} to {ratios[^1]:P0}; target: at least 90%); {rates[0] / rates[2]:P0} of it without the writer queue"));
        await host.StopAsync();
        await bare.StopAsync();
        await bareQueued.StopAsync();
    }

    /// <summary>The baseline: the same work written by hand in a plain minimal-API endpoint.</summary>
    private static Task<(WebApplication App, string BaseUrl)> StartBareEndpointAsync(HandWrittenLogin handWritten) =>
        LoopbackServer.StartAsync(bare => bare.MapPost("/bare/getLoginCode", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var (loginCode, corps) = await handWritten.GetLoginCodeAsync(body.RootElement.GetProperty("code").GetString()!, crypto: true);
            return Results.Json(new { loginCode, corpList = corps.Select(c => new { corpId = c.CorpId, corpName = c.CorpName }), expiresIn = 120 });
        }));

    internal static async Task<JsonElement> PostAsync(HttpClient client, string url, string code)
    {
        using var response = await client.PostAsJsonAsync(url, new { code });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    internal static Task<double> MeasureAsync(HttpClient client, FakeWeChatServer weChat, string[] openIds, string url, int requests, int concurrency) =>
        MeasureAsync(client, weChat, openIds, [url], requests, concurrency);

    /// <summary>Requests per second of getLoginCode calls for registered users, spread round-robin over <paramref name="urls"/>.</summary>
    internal static async Task<double> MeasureAsync(HttpClient client, FakeWeChatServer weChat, string[] openIds, string[] urls, int requests, int concurrency)
    {
        var codes = new System.Collections.Concurrent.ConcurrentQueue<(string Code, string Url)>(
            Enumerable.Range(0, requests).Select(i => (weChat.IssueCode(openIds[i % openIds.Length]), urls[i % urls.Length])));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (codes.TryDequeue(out var next))
            {
                using var response = await client.PostAsJsonAsync(next.Url, new { code = next.Code });
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{next.Url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                await response.Content.ReadAsByteArrayAsync();
            }
        })));
        return requests / watch.Elapsed.TotalSeconds;
    }
}
