namespace JitRuntime.Benchmarks;

/// <summary>
/// Rounds of several variants measured in the same run: one warm-up each, then rounds that rotate which variant goes
/// first (tables grow and the WAL checkpoints as a run goes on), keeping each round's ratio of variant 1 to variant 0:
/// the median of those paired ratios is steadier than a ratio of medians.
/// </summary>
internal static class PairedRounds
{
    /// <summary>Median rates per variant, and the paired overheads of variant 0 over variant 1 (<c>rate[1] / rate[0] - 1</c>).</summary>
    /// <param name="variants">How many variants.</param>
    /// <param name="measure">Measures one variant (its index) and returns its rate; <c>true</c> for the smaller warm-up run.</param>
    /// <param name="rounds">Measured rounds.</param>
    public static async Task<(double[] Rates, List<double> Overheads)> RunAsync(int variants, Func<int, bool, Task<double>> measure, int rounds)
    {
        for (var v = 0; v < variants; v++)
        {
            await measure(v, true);
        }

        var samples = Enumerable.Range(0, variants).Select(_ => new List<double>()).ToArray();
        var overheads = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var rate = new double[variants];
            for (var step = 0; step < variants; step++)
            {
                var v = (round + step) % variants;
                rate[v] = await measure(v, false);
                samples[v].Add(rate[v]);
            }

            overheads.Add(rate[1] / rate[0] - 1);
        }

        return (samples.Select(Median).ToArray(), overheads);
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
