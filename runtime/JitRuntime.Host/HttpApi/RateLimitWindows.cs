using System.Collections.Concurrent;
using System.Diagnostics;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// When each rate-limit partition's fixed window started, for the <c>Retry-After</c> of a refusal (the limiter's own
/// lease only ever says the full window). Bounded whatever the keys: an entry not used for a window plus the limiter's
/// idle time is dropped (by then the limiter has dropped its partition too, and a new one starts a new window), at most
/// once per window, by whichever call comes next.
/// </summary>
internal sealed class RateLimitWindows(TimeSpan window)
{
    /// <summary>The partitioned limiter drops a partition 10 s after its window refilled: kept a little longer here.</summary>
    private static readonly TimeSpan LimiterIdleTime = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _keepTicks = (long)((window + LimiterIdleTime).TotalSeconds * Stopwatch.Frequency);
    private readonly long _sweepEveryTicks = (long)(Math.Max(window.TotalSeconds, 1) * Stopwatch.Frequency);
    private long _lastSweep = Stopwatch.GetTimestamp();

    /// <summary>Partitions remembered now.</summary>
    public int Count => _entries.Count;

    /// <summary>A partition's limiter was created: its first window starts now.</summary>
    public void Started(string key)
    {
        var now = Stopwatch.GetTimestamp();
        _entries[key] = new Entry(now, now);
        SweepIfDue(now);
    }

    /// <summary>A call counted in the partition (accepted or not): keeps its entry.</summary>
    public void Used(string key)
    {
        var now = Stopwatch.GetTimestamp();
        if (_entries.TryGetValue(key, out var entry) && now - entry.LastUsed > _sweepEveryTicks / 8)
        {
            _entries[key] = entry with { LastUsed = now }; // Written at most a few times per window, not on every call.
        }

        SweepIfDue(now);
    }

    /// <summary>The time until the partition's current window ends (the full window when it is not known).</summary>
    public TimeSpan UntilReset(string key)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return window;
        }

        var elapsed = Stopwatch.GetElapsedTime(entry.Started);
        return window - TimeSpan.FromTicks(elapsed.Ticks % window.Ticks);
    }

    private void SweepIfDue(long now)
    {
        var last = Volatile.Read(ref _lastSweep);
        if (now - last < _sweepEveryTicks || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in _entries)
        {
            if (now - entry.LastUsed > _keepTicks)
            {
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            }
        }
    }

    private readonly record struct Entry(long Started, long LastUsed);
}
