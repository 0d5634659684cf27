using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Configuration;

/// <summary>
/// Expands <c>${NAME}</c> in configuration strings from the environment, so that secrets such as an
/// <c>appSecret</c> need not sit in git.
/// </summary>
public static partial class EnvironmentPlaceholders
{
    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    /// <summary>Replaces every <c>${NAME}</c> inside <paramref name="value"/>; names that are not set are left as written.</summary>
    /// <param name="value">The configured string.</param>
    /// <param name="getVariable">Reads one variable (defaults to the process environment).</param>
    /// <param name="unset">Receives each variable name that is not set.</param>
    public static string Expand(string value, Func<string, string?>? getVariable = null, Action<string>? unset = null)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        getVariable ??= Environment.GetEnvironmentVariable;
        return Placeholder().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            var resolved = getVariable(name);
            if (resolved is null)
            {
                unset?.Invoke(name);
                return match.Value;
            }

            return resolved;
        });
    }

    /// <summary>
    /// Expands every string value inside <paramref name="token"/> in place (line information is kept) and returns the
    /// string tokens whose variables were not set, with the variable name.
    /// </summary>
    public static IReadOnlyList<(JValue Token, string Variable)> ExpandInPlace(JToken token, Func<string, string?>? getVariable = null) =>
        Scan(token, getVariable, replace: true);

    /// <summary>Returns the string tokens inside <paramref name="token"/> that name variables which are not set; changes nothing.</summary>
    public static IReadOnlyList<(JValue Token, string Variable)> FindUnset(JToken token, Func<string, string?>? getVariable = null) =>
        Scan(token, getVariable, replace: false);

    private static List<(JValue Token, string Variable)> Scan(JToken token, Func<string, string?>? getVariable, bool replace)
    {
        var missing = new List<(JValue, string)>();
        foreach (var value in Strings(token).ToList())
        {
            var text = (string)value.Value!;
            var expanded = Expand(text, getVariable, name => missing.Add((value, name)));
            if (replace && !ReferenceEquals(expanded, text))
            {
                value.Value = expanded;
            }
        }

        return missing;
    }

    private static IEnumerable<JValue> Strings(JToken token)
    {
        if (token is JValue { Type: JTokenType.String } value)
        {
            yield return value;
            yield break;
        }

        if (token is not JContainer container)
        {
            yield break;
        }

        foreach (var descendant in container.Descendants())
        {
            if (descendant is JValue { Type: JTokenType.String } v)
            {
                yield return v;
            }
        }
    }
}
