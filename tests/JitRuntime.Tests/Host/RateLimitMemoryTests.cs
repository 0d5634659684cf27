using System.Threading.RateLimiting;
using JitRuntime.Host.Hosting;
using JitRuntime.Host.HttpApi;
using Xunit.Abstractions;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The rate limiter's memory is bounded whatever keys it is sent: 100,000 distinct keys through the same partitions
/// the host uses (ASP.NET Core's partitioned limiter, which drops idle partitions, and the window starts kept for
/// <c>Retry-After</c>), then what remains once their windows have passed. Alone in its collection: it measures the
/// process's managed memory.
/// </summary>
[Collection(Name)]
public sealed class RateLimitMemoryTests(ITestOutputHelper output)
{
    public const string Name = "Process memory";

    [Fact]
    public async Task One_hundred_thousand_distinct_keys_leave_almost_nothing_once_their_windows_have_passed()
    {
        const int keys = 100_000;
        var options = new JitHostOptions.RateLimitOptions { PermitLimit = 60, Window = TimeSpan.FromSeconds(1) };
        var windows = new RateLimitWindows(options.Window);
        using var limiter = PartitionedRateLimiter.Create<string, string>(key => ClientRateLimit.Partition(key, options, windows));
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < keys; i++)
        {
            using var lease = limiter.AttemptAcquire("session:" + i.ToString("X64", System.Globalization.CultureInfo.InvariantCulture));
            lease.IsAcquired.Should().BeTrue();
        }

        var peak = GC.GetTotalMemory(forceFullCollection: true) - before;
        windows.Count.Should().Be(keys);

        // The limiter drops a partition 10 s after its window refilled; the window starts go a little later, at the next call.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (windows.Count > 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            using var lease = limiter.AttemptAcquire("client:127.0.0.1");
        }

        var remaining = GC.GetTotalMemory(forceFullCollection: true) - before;
        output.WriteLine($"{keys:N0} keys: {peak / 1024.0 / 1024:F1} MiB at the peak, {remaining / 1024.0 / 1024:F1} MiB remaining, {windows.Count} window starts kept");
        windows.Count.Should().BeLessThanOrEqualTo(1);
        peak.Should().BeGreaterThan(10L * 1024 * 1024, "100,000 partitions cost memory while they live");
        remaining.Should().BeLessThan(peak / 4, "idle partitions and their window starts are dropped (the limiter's table keeps its capacity)");
    }

    [Fact]
    public async Task Live_session_tokens_are_capped_and_forgotten_when_not_proven_again()
    {
        var tokens = new LiveSessionTokens(TimeSpan.FromMilliseconds(300), maxTokens: 1_000);
        for (var i = 0; i < 5_000; i++)
        {
            tokens.Prove(LiveSessionTokens.Hash("token-" + i));
        }

        tokens.Count.Should().Be(1_000, "beyond the cap, sessions count per address instead of being remembered");
        tokens.IsLive(LiveSessionTokens.Hash("token-0")).Should().BeTrue();
        tokens.IsLive(LiveSessionTokens.Hash("token-4999")).Should().BeFalse();

        await Task.Delay(TimeSpan.FromMilliseconds(700));
        tokens.IsLive(LiveSessionTokens.Hash("token-0")).Should().BeFalse("a proof lasts only so long");
        tokens.Prove(LiveSessionTokens.Hash("fresh"));
        tokens.Count.Should().Be(1, "the stale proofs were swept");
    }
}

/// <summary>Tests that measure the whole process run alone.</summary>
[CollectionDefinition(RateLimitMemoryTests.Name, DisableParallelization = true)]
public sealed class ProcessMemoryTests;
