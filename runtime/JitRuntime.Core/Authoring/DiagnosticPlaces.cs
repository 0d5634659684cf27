using System.Text;
using JitRuntime.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Authoring;

/// <summary>
/// Which key of a document a diagnostic points at, so that an authoring page can show it at its field: the document is
/// read the way the loader reads it (the same reader, the same positions) and the token at the diagnostic's line and
/// column names its path (<c>authConfig.appId</c>).
/// </summary>
public static class DiagnosticPlaces
{
    /// <summary>The dotted path of the key at <paramref name="line"/>:<paramref name="column"/> of <paramref name="text"/>; empty for the document itself, null when none is there.</summary>
    public static string? Locate(string text, int line, int column)
    {
        var root = JsonFileReader.Parse(Encoding.UTF8.GetBytes(text ?? ""), "document").Root;
        if (root is null)
        {
            return null;
        }

        JToken? best = null;
        foreach (var token in root is JContainer container ? container.DescendantsAndSelf() : [root])
        {
            var (l, c) = LineInfo.Of(token);
            if (l == line && c == column)
            {
                best = token is JProperty property ? property.Value : token;
            }
        }

        return best is null ? null : best.Path.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
    }
}
