using System.Diagnostics;
using System.Globalization;
using JitRuntime.Apps;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Benchmarks;

/// <summary>
/// Loading: JitAppLoader.LoadAsync on generated apps, next to merely reading the same files (walk the tree, read
/// every byte), measured alternately in the same run. Target: load at most 3x the raw read at 10,000 elements.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task RunAsync(int[] sizes)
    {
        const int Rounds = 7;

        var services = new ServiceCollection().AddJitRuntime().AddAuthElements().BuildServiceProvider();
        var loader = services.GetRequiredService<JitAppLoader>();

        // Warm the process (JIT tiers, thread pool, schema cache) on an app of its own before anything is timed.
        using (var warm = new GeneratedApp(2_000))
        {
            for (var i = 0; i < 6; i++)
            {
                RawRead(warm.Directory);
                await (await loader.LoadAsync(warm.Directory)).DisposeAsync();
            }
        }

        Console.WriteLine($"JitRuntime load benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, median of {Rounds} rounds (page cache warm)");
        Console.WriteLine();
        Console.WriteLine("| elements | files | raw read (ms) | load (ms) | load / raw | load µs per element | KB allocated per element | gen0 GCs per load |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var size in sizes)
        {
            using var app = new GeneratedApp(size);
            var files = 0;
            await using (var check = await loader.LoadAsync(app.Directory))
            {
                if (check.HasErrors || check.Elements.Count != size)
                {
                    throw new InvalidOperationException($"generated app did not load cleanly: {(check.Diagnostics.Count > 0 ? check.Diagnostics[0] : null)}");
                }
            }

            // Untimed rounds first so that JIT compilation and tiering do not land in the figures.
            for (var warmup = 0; warmup < 2; warmup++)
            {
                RawRead(app.Directory);
                await (await loader.LoadAsync(app.Directory)).DisposeAsync();
            }

            // What one load allocates: collecting it is a large part of a cold start's CPU on a small machine.
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var collectionsBefore = GC.CollectionCount(0);
            await (await loader.LoadAsync(app.Directory)).DisposeAsync();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var collections = GC.CollectionCount(0) - collectionsBefore;

            var raw = new List<double>();
            var load = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                files = RawRead(app.Directory);
                raw.Add(watch.Elapsed.TotalMilliseconds);

                watch.Restart();
                await using (var loaded = await loader.LoadAsync(app.Directory))
                {
                    load.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            var rawMs = Median(raw);
            var loadMs = Median(load);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {files:N0} | {rawMs:F1} | {loadMs:F1} | {loadMs / rawMs:F2}x | {loadMs * 1000 / size:F1} | {allocated / 1024.0 / size:F1} | {collections} |"));
        }
    }

    private static int RawRead(string directory)
    {
        var count = 0;
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories))
        {
            bytes += File.ReadAllBytes(file).Length;
            count++;
        }

        return bytes > 0 ? count : 0;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
