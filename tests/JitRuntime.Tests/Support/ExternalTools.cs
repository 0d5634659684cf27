using System.Diagnostics;

namespace JitRuntime.Tests.Support;

/// <summary>
/// Independent tools the interop tests drive: Node.js scripts in tests/SchemaInterop (their npm packages installed once
/// per run with <c>npm ci</c>) and Debian's headless Chromium. A missing tool fails the test with what to install.
/// </summary>
public static class ExternalTools
{
    private static readonly Lazy<Task> NpmInstalled = new(InstallAsync);

    public static string InteropDirectory => Path.Combine(TestRuntime.RepositoryRoot, "tests", "SchemaInterop");

    /// <summary>Runs <c>node SCRIPT ARGS</c> in tests/SchemaInterop and returns its standard output; fails on a non-zero exit.</summary>
    public static async Task<string> NodeAsync(string script, params string[] arguments)
    {
        await NpmInstalled.Value;
        var (exit, output, error) = await RunAsync("node", InteropDirectory, [script, .. arguments], TimeSpan.FromSeconds(120));
        exit.Should().Be(0, $"node {script} failed:\n{error}\n{output}");
        return output;
    }

    /// <summary>The Chromium binary (Debian package <c>chromium</c>).</summary>
    public static string Chromium
    {
        get
        {
            const string path = "/usr/bin/chromium";
            File.Exists(path).Should().BeTrue("the browser tests need Debian's Chromium: apt-get install chromium (.ci/run installs it)");
            return path;
        }
    }

    /// <summary>Runs headless Chromium with the flags a closed network needs, plus <paramref name="arguments"/>; returns standard output.</summary>
    public static async Task<string> ChromiumAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("jit-chromium-");
        try
        {
            string[] flags =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
            ];
            var (exit, output, error) = await RunAsync(Chromium, profile.FullName, [.. flags, .. arguments], TimeSpan.FromSeconds(90));
            exit.Should().Be(0, error);
            return output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static async Task InstallAsync()
    {
        if (Directory.Exists(Path.Combine(InteropDirectory, "node_modules", "@modelcontextprotocol", "sdk"))
            && Directory.Exists(Path.Combine(InteropDirectory, "node_modules", "@seriousme", "openapi-schema-validator"))
            && Directory.Exists(Path.Combine(InteropDirectory, "node_modules", "playwright-core")))
        {
            return;
        }

        var (exit, output, error) = await RunAsync("npm", InteropDirectory, ["ci", "--silent", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
        exit.Should().Be(0, $"npm ci in tests/SchemaInterop failed (Node.js and npm are needed):\n{error}\n{output}");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string file, string directory, string[] arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return (process.ExitCode, await output, await error);
    }
}
