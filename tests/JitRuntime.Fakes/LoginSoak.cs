using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace JitRuntime.Fakes;

/// <summary>
/// A bounded soak of the login API over HTTP: concurrent registrations, logins (getLoginCode + loginByCode), unbinds
/// and binds against a running host, remembering every acknowledged outcome; <see cref="CheckAsync"/> then holds
/// the database to them.
/// </summary>
public sealed class LoginSoak(HttpClient http, FakeWeChatServer weChat, string loginElement, string authSvc)
{
    private readonly ConcurrentQueue<User> _idle = new();
    private readonly ConcurrentBag<User> _all = [];
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private readonly ConcurrentDictionary<string, int> _outcomes = new();
    private int _logins;
    private int _sequence;

    /// <summary>Runs <paramref name="workers"/> concurrent clients until <paramref name="duration"/> has passed.</summary>
    public async Task<SoakReport> RunAsync(TimeSpan duration, int workers, int seed)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed + worker);
            while (watch.Elapsed < duration)
            {
                var user = random.Next(4) == 0 || !_idle.TryDequeue(out var idle) ? null : idle;
                if (user is null)
                {
                    await RegisterAsync();
                }
                else
                {
                    await (user.OpenId is null ? BindAsync(user) : random.Next(5) == 0 ? UnbindAsync(user) : LoginAsync(user));
                    _idle.Enqueue(user);
                }
            }
        })));
        var seconds = watch.Elapsed.TotalSeconds;
        var sorted = _latenciesMs.Order().ToArray();
        return new SoakReport(sorted.Length, sorted.Length / seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99),
            new Dictionary<string, int>(_outcomes));
    }

    /// <summary>Checks the database against every acknowledged outcome; returns the violations (none when all is well).</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(string databasePath)
    {
        var problems = new List<string>();
        await using var db = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await db.OpenAsync();
        foreach (var user in _all)
        {
            var bound = (await db.QueryAsync<string>("SELECT subject FROM auth_logins WHERE login_element = @loginElement AND user_id = @UserId",
                new { loginElement, user.UserId })).ToList();
            var expected = user.OpenId is null ? [] : new List<string> { user.OpenId };
            if (!bound.SequenceEqual(expected))
            {
                problems.Add($"user {user.UserId}: bound to [{string.Join(", ", bound)}], acknowledged [{string.Join(", ", expected)}]");
            }
        }

        if (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM (SELECT subject FROM auth_logins GROUP BY login_element, subject HAVING COUNT(*) > 1)") > 0)
        {
            problems.Add("an openid has two users");
        }

        if (await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM (SELECT user_id FROM auth_logins GROUP BY login_element, user_id HAVING COUNT(*) > 1)") > 0)
        {
            problems.Add("a user has two bindings on one login element");
        }

        var sessions = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_sessions");
        var redeemedLoginCodes = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_codes WHERE kind = 'login' AND used_at IS NOT NULL");
        if (sessions != redeemedLoginCodes || sessions != Volatile.Read(ref _logins))
        {
            problems.Add($"{_logins} acknowledged logins, {sessions} sessions, {redeemedLoginCodes} redeemed loginCodes: each login redeems exactly one code");
        }

        var redeemedBindCodes = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_codes WHERE kind = 'bind' AND used_at IS NOT NULL");
        if (redeemedBindCodes != _all.Count)
        {
            problems.Add($"{_all.Count} acknowledged registrations but {redeemedBindCodes} redeemed bindCodes");
        }

        return problems;
    }

    private async Task RegisterAsync()
    {
        var openId = $"soak-{Interlocked.Increment(ref _sequence)}";
        var bind = await CallAsync(loginElement, "getLoginCode", new { code = weChat.IssueCode(openId) });
        if (bind?.GetProperty("bindCode").GetString() is { } bindCode
            && await CallAsync(loginElement, "register", new { bindCode }) is { } registered)
        {
            var user = new User(registered.GetProperty("userId").GetInt64()) { OpenId = openId };
            _all.Add(user);

            // The registration's loginCode opens the session that later binds and unbinds act with.
            if (await CallAsync(authSvc, "loginByCode", new { loginCode = registered.GetProperty("loginCode").GetString(), platform = "soak" }) is { } session)
            {
                Interlocked.Increment(ref _logins);
                user.Token = session.GetProperty("token").GetString();
                _idle.Enqueue(user);
            }
        }
    }

    private async Task LoginAsync(User user)
    {
        var login = await CallAsync(loginElement, "getLoginCode", new { code = weChat.IssueCode(user.OpenId!) });
        if (login?.GetProperty("loginCode").GetString() is { } loginCode
            && await CallAsync(authSvc, "loginByCode", new { loginCode, platform = "soak" }) is not null)
        {
            Interlocked.Increment(ref _logins);
        }
    }

    private async Task UnbindAsync(User user)
    {
        if (await CallAsync(loginElement, "unbind", new { userId = user.UserId }, user.Token) is not null)
        {
            user.OpenId = null;
        }
    }

    private async Task BindAsync(User user)
    {
        var openId = $"soak-{Interlocked.Increment(ref _sequence)}";
        if (await CallAsync(loginElement, "bind", new { userId = user.UserId, code = weChat.IssueCode(openId) }, user.Token) is not null)
        {
            user.OpenId = openId;
        }
    }

    /// <summary>One call; its latency and outcome are recorded. Returns the result, or null when it failed.</summary>
    private async Task<JsonElement?> CallAsync(string element, string method, object arguments, string? token = null)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/elements/{element}/{method}") { Content = JsonContent.Create(arguments) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        _latenciesMs.Add(watch.Elapsed.TotalMilliseconds);
        var outcome = response.IsSuccessStatusCode ? "200" : $"{(int)response.StatusCode} {JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()}";
        _outcomes.AddOrUpdate($"{method} {outcome}", 1, (_, n) => n + 1);
        return response.IsSuccessStatusCode ? JsonDocument.Parse(body).RootElement.Clone() : null;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private sealed class User(long userId)
    {
        public long UserId { get; } = userId;

        /// <summary>The WeChat user bound now, or null after an acknowledged unbind.</summary>
        public string? OpenId { get; set; }

        /// <summary>The user's session token, which binds and unbinds present.</summary>
        public string? Token { get; set; }
    }
}

/// <summary>What a soak did: calls, calls per second, latency percentiles, and how many of each outcome.</summary>
public sealed record SoakReport(int Calls, double CallsPerSecond, double P50Ms, double P99Ms, IReadOnlyDictionary<string, int> Outcomes);
