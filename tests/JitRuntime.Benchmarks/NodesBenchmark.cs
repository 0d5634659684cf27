using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using JitRuntime.Fakes;
using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.Builder;

namespace JitRuntime.Benchmarks;

/// <summary>
/// getLoginCode over HTTP on one PostgreSQL database served by one node, then by three nodes (each its own host,
/// services, pool and copy of the app, round-robin clients), in the same run. All nodes share this machine's cores with
/// PostgreSQL, the fake WeChat and the clients, so the figure shows what sharing one database costs, not how far more
/// machines would scale.
/// </summary>
internal static class NodesBenchmark
{
    private const int Users = 100;

    public static async Task RunAsync(int requests, int concurrency, int rounds)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        await using var server = await PostgresServer.StartAsync();
        var database = await server.CreateDatabaseAsync();
        var certificate = TestCertificates.Create("nodes-bench");
        var apps = Enumerable.Range(0, 3).Select(_ => new GeneratedApp(0)).ToList();
        var hosts = new List<WebApplication>();
        try
        {
            foreach (var app in apps)
            {
                app.AddLoginElements(weChat.BaseUrl);
                server.WriteDatabaseElement(app.Directory, database);
                var settings = TestCertificates.Settings(certificate);
                settings["Logging:LogLevel:Default"] = "Warning";
                settings["defaultElement:defaultDatabase"] = "databases.Default";
                var host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0", settings);
                await JitWebHost.StartAsync(host);
                hosts.Add(host);
            }

            var urls = hosts.Select(h => $"{h.Urls.Single()}/api/elements/{GeneratedApp.LoginElement}/getLoginCode").ToArray();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });
            var openIds = Enumerable.Range(0, Users).Select(i => $"nodes-bench-{i}").ToArray();
            for (var i = 0; i < openIds.Length; i++)
            {
                using var bind = await client.PostAsJsonAsync(urls[i % 3], new { code = weChat.IssueCode(openIds[i]) });
                var bindCode = JsonDocument.Parse(await bind.Content.ReadAsStringAsync()).RootElement.GetProperty("bindCode").GetString();
                using var registered = await client.PostAsJsonAsync(urls[(i + 1) % 3].Replace("getLoginCode", "register", StringComparison.Ordinal), new { bindCode });
                registered.EnsureSuccessStatusCode();
            }

            var variants = new (string Name, string[] Urls)[] { ("1 node", urls[..1]), ("3 nodes, round-robin", urls) };
            foreach (var (_, targets) in variants)
            {
                await HttpBenchmark.MeasureAsync(client, weChat, openIds, targets, requests / 4, concurrency);
            }

            var samples = variants.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                for (var step = 0; step < variants.Length; step++)
                {
                    var v = (round + step) % variants.Length;
                    samples[v].Add(await HttpBenchmark.MeasureAsync(client, weChat, openIds, variants[v].Urls, requests, concurrency));
                }
            }

            var rates = samples.Select(s => s.Order().ElementAt(s.Count / 2)).ToArray();
            Console.WriteLine($"HTTP getLoginCode on one PostgreSQL database: {Users} registered users, {requests} requests per round, {concurrency} concurrent clients, " +
                              $"median of {rounds} rounds, nodes, PostgreSQL, fake WeChat and clients on one machine, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
            Console.WriteLine();
            Console.WriteLine("| nodes | requests/s | µs per request |");
            Console.WriteLine("| --- | ---: | ---: |");
            for (var v = 0; v < variants.Length; v++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {variants[v].Name} | {rates[v]:N0} | {1_000_000 / rates[v]:F0} |"));
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"3 nodes on one database: {rates[1] / rates[0]:P0} of one node's throughput on the same cores"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }

            apps.ForEach(app => app.Dispose());
        }
    }
}
