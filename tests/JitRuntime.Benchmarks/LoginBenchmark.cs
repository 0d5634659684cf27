using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using JitRuntime.Apps;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Fakes;
using JitRuntime.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Benchmarks;

/// <summary>
/// getLoginCode throughput for registered users, in-process against the fake WeChat on 127.0.0.1, next to the same
/// work written by hand in the same run: the same code2session HTTP call and the same SQL statements through Dapper,
/// once bare and once with the same crypto (encrypt the session key, random code, SHA-256), which any correct
/// implementation has to do. Target: the runtime adds at most 10% over the hand-written equal-work baseline (on SQLite, with the same in-process writer queue).
/// </summary>
internal static class LoginBenchmark
{
    private const int Users = 100;

    public static async Task RunAsync(int operations, int concurrency, int rounds, bool postgres = false)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        using var app = new GeneratedApp(0);
        app.AddLoginElements(weChat.BaseUrl);
        await using var server = postgres ? await PostgresServer.StartAsync() : null;
        var database = server is null ? null : await server.CreateDatabaseAsync();
        server?.WriteDatabaseElement(app.Directory, database!);

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = weChat.BaseUrl,
            ["Database:Path"] = Path.Combine(app.Directory, "data", "app.db"),
            ["defaultElement:defaultDatabase"] = postgres ? "databases.Default" : null,
        }).AddInMemoryCollection(postgres ? TestCertificates.Settings(TestCertificates.Create("bench")) : []).Build();
        await using var services = new ServiceCollection().AddJitRuntime().AddAuthElements(configuration).BuildServiceProvider();
        await using var jitApp = await services.GetRequiredService<JitAppLoader>().LoadAsync(app.Directory);
        var login = jitApp.GetElement<WeChatMiniType>(GeneratedApp.LoginElement);
        var openIds = Enumerable.Range(0, Users).Select(i => $"bench-openid-{i}").ToArray();
        foreach (var openId in openIds)
        {
            await login.RegisterAsync((await login.GetLoginCodeAsync(weChat.IssueCode(openId))).BindCode!);
        }

        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("bench");
        // On SQLite the equal-work baseline queues its writers in process as the runtime does (SqliteWriterQueue).
        using var handWritten = server is null
            ? HandWrittenLogin.OnSqlite(weChat.BaseUrl, services.GetRequiredService<JitRuntime.Databases.AppDatabase>().Current.Location, protector, queueWriters: true)
            : HandWrittenLogin.OnPostgreSql(weChat.BaseUrl, server.ConnectionString(database!, pooling: true), protector);
        var variants = new (string Name, Func<string, Task> Call)[]
        {
            ("runtime: login.GetLoginCodeAsync", code => login.GetLoginCodeAsync(code)),
            (postgres ? "hand-written, same SQL + crypto" : "hand-written, same SQL + crypto + writer queue", code => handWritten.GetLoginCodeAsync(code, crypto: true)),
            (postgres ? "hand-written, same SQL, no crypto" : "hand-written, same SQL + writer queue, no crypto", code => handWritten.GetLoginCodeAsync(code, crypto: false)),
        };

        var (rates, pairedOverheads) = await PairedRounds.RunAsync(variants.Length,
            (v, warmUp) => MeasureAsync(weChat, openIds, variants[v].Call, warmUp ? operations / 4 : operations, concurrency), rounds);
        Console.WriteLine($"getLoginCode benchmark on {(postgres ? "PostgreSQL (a databases.PgSqlType element; hand-written: Npgsql + Dapper)" : "SQLite")}: {Users} registered users, {operations} calls per round, {concurrency} concurrent callers, " +
                          $"median of {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| variant | calls/s | µs per call | runtime time vs this |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variants[v].Name} | {rates[v]:N0} | {1_000_000 / rates[v]:F0} | {(v == 0 ? "-" : $"{rates[v] / rates[0] - 1:+0%;-0%}")} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runtime overhead over the equal-work baseline: median of {rounds} paired rounds {PairedRounds.Median(pairedOverheads):+0.0%;-0.0%}, " +
            $"range {pairedOverheads.Min():+0%;-0%} to {pairedOverheads.Max():+0%;-0%} (target: at most +10%)"));
    }

    private static async Task<double> MeasureAsync(FakeWeChatServer weChat, string[] openIds, Func<string, Task> call, int operations, int concurrency)
    {
        var codes = new System.Collections.Concurrent.ConcurrentQueue<string>(
            Enumerable.Range(0, operations).Select(i => weChat.IssueCode(openIds[i % openIds.Length])));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (codes.TryDequeue(out var code))
            {
                await call(code);
            }
        })));
        return operations / watch.Elapsed.TotalSeconds;
    }
}
