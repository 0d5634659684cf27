using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using JitRuntime.Auths.Development;
using JitRuntime.Auths.LoginTypes.Password;
using JitRuntime.Fakes;
using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;

namespace JitRuntime.Benchmarks;

/// <summary>
/// Password <c>getLoginCode</c> over HTTP with the hash parameters the runtime ships (ASP.NET Core Identity's
/// PasswordHasher defaults), next to a bare ASP.NET Core endpoint that only verifies the same kind of hash, in the same
/// process and run: the password hash should be nearly all of a password login's cost.
/// </summary>
internal static class PasswordBenchmark
{
    private const string Login = "auths.loginTypes.benchPassword";
    private const string Password = "a benchmark password";
    private const int Users = 16;

    public static async Task RunAsync(int requests, int concurrency, int rounds)
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        using var app = new GeneratedApp(0);
        app.AddLoginElements(weChat.BaseUrl);
        var folder = Path.Combine(app.Directory, "elements", "auths", "loginTypes", "benchPassword");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "e.json"), """{ "title": "Bench password", "type": "auths.loginTypes.PasswordType", "allowRegister": 1 }""");

        await using var host = JitWebHost.Build(app.Directory, "http://127.0.0.1:0", new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        await JitWebHost.StartAsync(host);
        var hostUrl = host.Urls.Single();

        // The baseline: what the runtime cannot avoid, the verification of a stored hash, behind a plain endpoint.
        var hasher = new PasswordHasher<PasswordType>();
        var stored = hasher.HashPassword(null!, Password);
        var (bare, bareUrl) = await LoopbackServer.StartAsync(endpoints => endpoints.MapPost("/bare/verify", async (HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<Credentials>();
            return hasher.VerifyHashedPassword(null!, stored, body!.Password) == PasswordVerificationResult.Failed ? Results.Unauthorized() : Results.Json(new { ok = true });
        }));
        await using var bareApp = bare;

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 });
        var usernames = Enumerable.Range(0, Users).Select(i => $"bench-user-{i}").ToArray();
        foreach (var username in usernames)
        {
            using var registered = await client.PostAsJsonAsync($"{hostUrl}/api/elements/{Login}/register", new { username, password = Password });
            registered.EnsureSuccessStatusCode();
        }

        var hashOnly = MeasureHashes(hasher, stored, Math.Max(8, requests / 8), concurrency);
        var variants = new[] { $"{hostUrl}/api/elements/{Login}/getLoginCode", $"{bareUrl}/bare/verify" };
        var (rates, overheads) = await PairedRounds.RunAsync(variants.Length,
            (v, warmUp) => MeasureAsync(client, variants[v], usernames, warmUp ? Math.Max(4, requests / 4) : requests, concurrency), rounds);
        var shares = overheads.Select(o => 1 / (1 + o)).Order().ToList();
        Console.WriteLine($"Password getLoginCode benchmark: {Users} users, PBKDF2-HMAC-SHA512 with {new PasswordHasherOptions().IterationCount:N0} iterations (Identity's default), " +
                          $"{requests} requests per round, {concurrency} concurrent clients, median of {rounds} rounds, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| what | calls/s | ms per call |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| jit host: POST /api/elements/{{fullName}}/getLoginCode (PasswordType) | {rates[0]:N1} | {1_000 / rates[0]:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| bare ASP.NET Core endpoint verifying the same kind of hash | {rates[1]:N1} | {1_000 / rates[1]:F1} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| the hash alone, in process, {concurrency} threads | {hashOnly:N1} | {1_000 / hashOnly:F1} |"));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"password login throughput: {PairedRounds.Median(shares):P0} of the bare hash endpoint's (median of {rounds} paired rounds, range {shares[0]:P0} to {shares[^1]:P0}): the hash is nearly all of it"));
        await host.StopAsync();
        await bare.StopAsync();
    }

    private static double MeasureHashes(PasswordHasher<PasswordType> hasher, string stored, int count, int concurrency)
    {
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, _ => hasher.VerifyHashedPassword(null!, stored, Password));
        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> MeasureAsync(HttpClient client, string url, string[] usernames, int requests, int concurrency)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                using var response = await client.PostAsJsonAsync(url, new Credentials(usernames[i % usernames.Length], Password));
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        })));
        return requests / watch.Elapsed.TotalSeconds;
    }

    private sealed record Credentials(string Username, string Password);
}
