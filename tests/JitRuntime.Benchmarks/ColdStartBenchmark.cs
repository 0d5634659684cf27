using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace JitRuntime.Benchmarks;

/// <summary>
/// What CI experiences: <c>jit</c> as a fresh process every time (cold start included), against merely walking and
/// reading the same files in a fresh process of its own, measured alternately in the same run. The costs that matter
/// for big apps are the marginal ones (an app of N elements minus an app of one), since both processes pay a .NET start.
/// Run through tests/JitRuntime.Benchmarks/cold-start.sh, which publishes jit as the tool ships it.
/// Targets (issue 11): sample app at most 250 ms and 3x <c>jit --version</c>; marginal validate at most 1.5x the
/// marginal raw read at 10,000 elements.
/// </summary>
internal static class ColdStartBenchmark
{
    public static async Task RunAsync(string jit, string sampleApp, int[] sizes)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var selfArgs = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [Environment.GetCommandLineArgs()[0]] : Array.Empty<string>();
        Console.WriteLine($"JitRuntime cold-start benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {jit}");
        Console.WriteLine("Every figure is the median of fresh processes, alternated (page cache warm).");
        Console.WriteLine();

        const int SampleRounds = 15;
        var version = Median(SampleRounds, () => Time(jit, ["--version"]));
        var sample = Median(SampleRounds, () => Time(jit, ["validate", sampleApp]));
        var ready = await RunToFirstHealthAsync(jit, sampleApp, rounds: 7);
        Console.WriteLine("| whole process | ms | vs `jit --version` |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine(Row($"| `jit --version` | {version.WallMs:F0} | 1.00x |"));
        Console.WriteLine(Row($"| `jit validate` of the sample app (3 files) | {sample.WallMs:F0} | {sample.WallMs / version.WallMs:F2}x |"));
        Console.WriteLine(Row($"| `jit run` of the sample: start to the first `/health` 200 | {ready:F0} | {ready / version.WallMs:F2}x |"));
        Console.WriteLine();

        const int Rounds = 5;
        using var one = new GeneratedApp(1);
        Console.WriteLine("| elements | files | raw read (ms) | validate (ms) | marginal validate / marginal raw read | validate µs per element | cores used |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var rawOne = Median(Rounds, () => Time(self, [.. selfArgs, "rawread", one.Directory]));
        var validateOne = Median(Rounds, () => Time(jit, ["validate", one.Directory]));
        Console.WriteLine(Row($"| 1 | 2 | {rawOne.WallMs:F0} | {validateOne.WallMs:F0} | | | {validateOne.Cores:F2} |"));
        foreach (var size in sizes)
        {
            using var app = new GeneratedApp(size);
            var raw = new List<Sample>();
            var validate = new List<Sample>();
            for (var round = 0; round < Rounds; round++)
            {
                raw.Add(Time(self, [.. selfArgs, "rawread", app.Directory]));
                validate.Add(Time(jit, ["validate", app.Directory]));
            }

            var r = Median(raw);
            var v = Median(validate);
            var ratio = (v.WallMs - validateOne.WallMs) / Math.Max(1, r.WallMs - rawOne.WallMs);
            Console.WriteLine(Row($"| {size:N0} | {size * 2:N0} | {r.WallMs:F0} | {v.WallMs:F0} | {ratio:F2}x | {(v.WallMs - validateOne.WallMs) * 1000 / size:F1} | {v.Cores:F2} |"));
        }
    }

    /// <summary>The baseline process: walk the app and read every byte of its JSON files, nothing else.</summary>
    public static int RawRead(string directory)
    {
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
        {
            bytes += File.ReadAllBytes(file).Length;
        }

        return bytes > 0 ? 0 : 1;
    }

    private static async Task<double> RunToFirstHealthAsync(string jit, string sampleApp, int rounds)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var times = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var app = Path.Combine(Path.GetTempPath(), "jit-bench", Guid.NewGuid().ToString("N"));
            CopyDirectory(sampleApp, app, skip: "data");
            var port = FreePort();
            var start = new ProcessStartInfo(jit) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in (string[])["run", "--app", app, "--urls", $"http://127.0.0.1:{port}"])
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["WECHAT_APP_SECRET"] = "benchmark";
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                if (process.HasExited || watch.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException("jit run did not answer /health within 30 s");
                }

                await Task.Delay(2);
            }

            times.Add(watch.Elapsed.TotalMilliseconds);
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(app, recursive: true);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private readonly record struct Sample(double WallMs, double Cores);

    /// <summary>Runs a fresh process to its end: wall time, and CPU time over wall time (cores used) when /usr/bin/time is there.</summary>
    private static Sample Time(string program, string[] args)
    {
        var usage = Path.GetTempFileName();
        var viaTime = File.Exists("/usr/bin/time");
        var start = new ProcessStartInfo(viaTime ? "/usr/bin/time" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (viaTime)
        {
            foreach (var arg in (string[])["-f", "%U %S", "-o", usage, program])
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var wall = watch.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {output.Result}{error.Result}");
        }

        var cores = double.NaN;
        if (viaTime && File.ReadAllText(usage).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var user, var system])
        {
            cores = (double.Parse(user, CultureInfo.InvariantCulture) + double.Parse(system, CultureInfo.InvariantCulture)) * 1000 / wall;
        }

        File.Delete(usage);
        return new Sample(wall, cores);
    }

    private static Sample Median(int rounds, Func<Sample> measure) => Median(Enumerable.Range(0, rounds).Select(_ => measure()).ToList());

    private static Sample Median(List<Sample> samples) => samples.OrderBy(s => s.WallMs).ElementAt(samples.Count / 2);

    private static string Row(FormattableString row) => row.ToString(CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void CopyDirectory(string from, string to, string skip)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            if (!Path.GetRelativePath(from, directory).Split(Path.DirectorySeparatorChar)[0].Equals(skip, StringComparison.Ordinal))
            {
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
            }
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (!relative.Split(Path.DirectorySeparatorChar)[0].Equals(skip, StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(to, relative));
            }
        }
    }
}
