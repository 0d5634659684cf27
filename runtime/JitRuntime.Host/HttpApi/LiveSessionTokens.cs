using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using JitRuntime.Calls;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// Bearer tokens this node has recently seen the dispatch accept as live sessions, kept as SHA-256 hashes (a token is a
/// secret; the limiter keeps its keys in memory). Only such a token has a rate-limit budget of its own: anything else
/// sent as a token counts in its client address's window, so invented tokens cannot buy fresh budgets (nor a read of
/// the sessions table each). An observer of the dispatch: a call whose caller came back with a user proved its token.
/// Bounded: a hash not proven again for a while (10 minutes) is dropped, and at most so many (100,000) are kept; beyond
/// that, further sessions count per address until room is made.
/// </summary>
internal sealed class LiveSessionTokens(TimeSpan keepFor, int maxTokens) : IElementCallObserver
{
    private readonly long _keepTicks = (long)(keepFor.TotalSeconds * Stopwatch.Frequency);
    private readonly long _sweepEveryTicks = (long)(Math.Min(keepFor.TotalSeconds, 30) * Stopwatch.Frequency);
    private readonly ConcurrentDictionary<string, long> _proven = new(StringComparer.Ordinal);
    private long _lastSweep = Stopwatch.GetTimestamp();

    /// <summary>A proof lasts 10 minutes without another call; at most 100,000 are kept.</summary>
    public LiveSessionTokens()
        : this(TimeSpan.FromMinutes(10), 100_000)
    {
    }

    /// <summary>Hashes kept now.</summary>
    public int Count => _proven.Count;

    /// <summary>The key a token is kept under.</summary>
    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when the token with this <paramref name="hash"/> was proven live recently.</summary>
    public bool IsLive(string hash) => _proven.TryGetValue(hash, out var at) && Stopwatch.GetTimestamp() - at <= _keepTicks;

    /// <summary>Remembers that the token with this <paramref name="hash"/> is a live session.</summary>
    public void Prove(string hash)
    {
        var now = Stopwatch.GetTimestamp();
        SweepIfDue(now, full: _proven.Count >= maxTokens);
        if (_proven.Count < maxTokens || _proven.ContainsKey(hash))
        {
            _proven[hash] = now;
        }
    }

    /// <inheritdoc />
    public Task OnCalledAsync(ElementCallRecord call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Caller is { IsTrusted: false, UserId: not null, BearerToken: { } token })
        {
            Prove(Hash(token));
        }

        return Task.CompletedTask;
    }

    /// <summary>Drops what has not been proven recently: at most every 30 s, every second while full.</summary>
    private void SweepIfDue(long now, bool full)
    {
        var last = Volatile.Read(ref _lastSweep);
        if (now - last < (full ? Math.Min(Stopwatch.Frequency, _sweepEveryTicks) : _sweepEveryTicks) || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (hash, at) in _proven)
        {
            if (now - at > _keepTicks)
            {
                _proven.TryRemove(KeyValuePair.Create(hash, at));
            }
        }
    }
}
