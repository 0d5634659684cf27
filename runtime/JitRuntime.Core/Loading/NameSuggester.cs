namespace JitRuntime.Loading;

/// <summary>"Did you mean ...?": the known names closest to a misspelled one.</summary>
public static class NameSuggester
{
    /// <summary>Up to <paramref name="max"/> candidates within a small edit distance of <paramref name="name"/>, closest first.</summary>
    public static IReadOnlyList<string> Suggest(string name, IEnumerable<string> candidates, int max = 3)
    {
        // Allow about one typo per four characters of the last segment, and any change of letter case.
        var budget = Math.Max(2, name.Length / 4);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(name, c, budget)))
            .Where(x => x.Distance <= budget || string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)
                || x.Name.EndsWith("." + name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(x => x.Name)
            .ToList();
    }

    /// <summary>Levenshtein distance, case-insensitive, giving up (returning budget + 1) once it exceeds <paramref name="budget"/>.</summary>
    internal static int Distance(string a, string b, int budget)
    {
        if (Math.Abs(a.Length - b.Length) > budget)
        {
            return budget + 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > budget)
            {
                return budget + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
