using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using JitRuntime.Apps;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Fakes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Benchmarks;

/// <summary>
/// getPhoneNumber in-process against the fake WeChat on 127.0.0.1 (SQLite), next to the same calls and SQL written by
/// hand (<see cref="HandWrittenPhoneNumber"/>) in the same run, rounds alternating which goes first. Target: the
/// runtime adds at most 25%.
/// </summary>
internal static class PhoneNumberBenchmark
{
    private const int Users = 100;

    public static async Task RunAsync(int operations, int concurrency, int rounds)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        using var app = new GeneratedApp(0);
        app.AddLoginElements(weChat.BaseUrl);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = weChat.BaseUrl,
            ["Database:Path"] = Path.Combine(app.Directory, "data", "app.db"),
        }).Build();
        await using var services = new ServiceCollection().AddJitRuntime().AddAuthElements(configuration).BuildServiceProvider();
        await using var jitApp = await services.GetRequiredService<JitAppLoader>().LoadAsync(app.Directory);
        var login = jitApp.GetElement<WeChatMiniType>(GeneratedApp.LoginElement);
        var users = new List<(long UserId, string OpenId)>();
        for (var i = 0; i < Users; i++)
        {
            var openId = $"bench-phone-{i}";
            users.Add(((await login.RegisterAsync((await login.GetLoginCodeAsync(weChat.IssueCode(openId))).BindCode!)).UserId, openId));
        }

        using var handWritten = new HandWrittenPhoneNumber(weChat.BaseUrl, services.GetRequiredService<JitRuntime.Databases.AppDatabase>().Current.Location,
            services.GetRequiredService<IDataProtectionProvider>().CreateProtector("bench"));
        var variants = new (string Name, Func<long, string, Task> Call)[]
        {
            ("runtime: login.GetPhoneNumberAsync", (userId, code) => login.GetPhoneNumberAsync(code, userId)),
            ("hand-written: same calls and SQL, HttpClient + Dapper", (userId, code) => handWritten.GetPhoneNumberAsync(userId, code)),
        };

        var (rates, paired) = await PairedRounds.RunAsync(variants.Length,
            (v, warmUp) => MeasureAsync(weChat, users, variants[v].Call, warmUp ? operations / 4 : operations, concurrency), rounds); // the warm-up fetches each side's token

        Console.WriteLine($"getPhoneNumber benchmark on SQLite: {Users} users, {operations} calls per round, {concurrency} concurrent callers, median of {rounds} rounds, " +
                          $"fake WeChat on 127.0.0.1, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| variant | calls/s | µs per call |");
        Console.WriteLine("| --- | ---: | ---: |");
        for (var v = 0; v < variants.Length; v++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {variants[v].Name} | {rates[v]:N0} | {1_000_000 / rates[v]:F0} |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runtime overhead over the hand-written calls: median of {rounds} paired rounds {PairedRounds.Median(paired):+0.0%;-0.0%}, " +
            $"range {paired.Min():+0%;-0%} to {paired.Max():+0%;-0%} (target: at most +25%); access_token fetches: {weChat.TokenFetches} (one each)"));
    }

    private static async Task<double> MeasureAsync(FakeWeChatServer weChat, List<(long UserId, string OpenId)> users, Func<long, string, Task> call,
        int operations, int concurrency)
    {
        var work = new ConcurrentQueue<(long, string)>(Enumerable.Range(0, operations).Select(i =>
        {
            var (userId, openId) = users[i % users.Count];
            return (userId, weChat.IssuePhoneCode(openId, $"1380000{i % 10_000:D4}"));
        }));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (work.TryDequeue(out var item))
            {
                await call(item.Item1, item.Item2);
            }
        })));
        return operations / watch.Elapsed.TotalSeconds;
    }
}
