using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Json;

/// <summary>Positions of tokens parsed by <see cref="JsonFileReader"/>.</summary>
internal static class LineInfo
{
    /// <summary>The 1-based line and column of <paramref name="token"/>, or (1, 1) when it carries none.</summary>
    public static (int Line, int Column) Of(JToken? token)
    {
        // A property's value points at the value; fall back to the property or its parent.
        for (var t = token; t is not null; t = t.Parent)
        {
            if (t is IJsonLineInfo info && info.HasLineInfo())
            {
                return (info.LineNumber, Math.Max(info.LinePosition, 1));
            }
        }

        return (1, 1);
    }
}
