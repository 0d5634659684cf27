using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The real <c>jit</c> host in its own process (<c>dotnet jit.dll run</c>), listening on a free 127.0.0.1 port that
/// it picks itself and prints; the test reads the address from its log.
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(Process process) => _process = process;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string Output => string.Join("\n", _output);

    public static async Task<HostProcess> StartAsync(string appDirectory, IDictionary<string, string>? environment = null, params string[] extraArguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "jit.dll"), "run", "--app", appDirectory, "--urls", "http://127.0.0.1:0" }.Concat(extraArguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        var host = new HostProcess(process);
        process.OutputDataReceived += (_, e) => host.Receive(e.Data);
        process.ErrorDataReceived += (_, e) => host.Receive(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = await Task.WhenAny(host._address.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != host._address.Task)
        {
            await host.DisposeAsync();
            throw new InvalidOperationException("the host did not start:\n" + host.Output);
        }

        host.Http.BaseAddress = new Uri(await host._address.Task);
        return host;
    }

    public Task<HttpResponseMessage> CallAsync(string fullName, string method, object arguments, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/elements/{fullName}/{method}") { Content = JsonContent.Create(arguments) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return Http.SendAsync(request);
    }

    public async Task<JsonElement> CallOkAsync(string fullName, string method, object arguments, string? token = null)
    {
        using var response = await CallAsync(fullName, method, arguments, token);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{fullName}.{method} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// Waits (bounded) until the host has printed <paramref name="text"/>: the host logs after it acts, and its output
    /// reaches the test through a pipe, so a log line can trail what the HTTP API already shows.
    /// </summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the host never printed '{text}'. Host output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Kills the host with SIGKILL, as a crash would (no clean shutdown), and waits for it to be gone.</summary>
    public void Kill()
    {
        using var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM and waits for the process to exit.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _address.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
