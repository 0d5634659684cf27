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

    /// <summary>True when <paramref name="value"/> is one placeholder and nothing else (<c>${WECHAT_APP_SECRET}</c>): a secret written the way it should be.</summary>
    public static bool IsPlaceholder(string value) => Placeholder().Match(value) is { Success: true } match && match.Length == value.Length;

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
        var strings = new List<JValue>();
        CollectStrings(token, strings, depth: 0);
        foreach (var value in strings)
        {
            var text = (string)value.Value!;
            if (!text.Contains("${", StringComparison.Ordinal))
            {
                continue; // Most strings name no variable: no closure, no expansion.
            }

            var expanded = Expand(text, getVariable, name => missing.Add((value, name)));
            if (replace && !ReferenceEquals(expanded, text))
            {
                value.Value = expanded;
            }
        }

        return missing;
    }

    /// <summary>Every string value inside <paramref name="token"/>, in document order (a walk, no iterators).</summary>
    private static void CollectStrings(JToken token, List<JValue> strings, int depth)
    {
        if (token is JValue { Type: JTokenType.String } value)
        {
            strings.Add(value);
            return;
        }

        if (token is not JContainer container || depth > JitRuntime.Json.JsonFileReader.MaxDepth)
        {
            return;
        }

        for (var child = container.First; child is not null; child = child.Next)
        {
            CollectStrings(child is JProperty property ? property.Value : child, strings, depth + 1);
        }
    }
}
