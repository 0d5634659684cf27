using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace JitRuntime.Calls;

/// <summary>
/// JitAi's argument dataTypes, for the subset that fits an element API, and how a C# parameter type maps to one.
/// Every argument is checked against its dataType before a function runs.
/// </summary>
public static class ElementDataTypes
{
    /// <summary>Short text: a JSON string of at most 255 characters unless the argument says <c>maxLen</c>.</summary>
    public const string Stext = "Stext";

    /// <summary>Long text: a JSON string (bounded by the request body only).</summary>
    public const string Ltext = "Ltext";

    /// <summary>A JSON number (an integer when the C# parameter is one).</summary>
    public const string Numeric = "Numeric";

    /// <summary>0 or 1.</summary>
    public const string Checkbox = "Checkbox";

    /// <summary>An ISO 8601 date and time as a JSON string (<c>2026-11-27T13:00:00Z</c>).</summary>
    public const string Datetime = "Datetime";

    /// <summary>A JSON object.</summary>
    public const string JitDict = "JitDict";

    /// <summary>A JSON array.</summary>
    public const string JitList = "JitList";

    /// <summary>The longest <see cref="Stext"/> without a <c>maxLen</c>.</summary>
    public const int DefaultStextLength = 255;

    /// <summary>Every dataType an argument may have.</summary>
    public static IReadOnlyList<string> All { get; } = [Stext, Ltext, Numeric, Checkbox, Datetime, JitDict, JitList];

    /// <summary>The dataTypes a C# type can take: the first is the one it maps to.</summary>
    /// <exception cref="NotSupportedException">The type has no JitAi dataType.</exception>
    public static IReadOnlyList<string> For(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string))
        {
            return [Stext, Ltext];
        }

        if (IsInteger(t) || t == typeof(double) || t == typeof(float) || t == typeof(decimal))
        {
            return [Numeric];
        }

        if (t == typeof(bool))
        {
            return [Checkbox];
        }

        if (t == typeof(DateTimeOffset) || t == typeof(DateTime))
        {
            return [Datetime];
        }

        if (t != typeof(JsonElement) && t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t) && !IsDictionary(t))
        {
            return [JitList];
        }

        if (t.IsClass || t == typeof(JsonElement))
        {
            return [JitDict];
        }

        throw new NotSupportedException($"{type} has no JitAi dataType");
    }

    /// <summary>The dataType of a function's result: null for none, <see cref="JitDict"/> for an object.</summary>
    public static string? ForResult(Type? type)
    {
        if (type is null || type == typeof(void))
        {
            return null;
        }

        try
        {
            return For(type)[0];
        }
        catch (NotSupportedException)
        {
            return JitDict;
        }
    }

    /// <summary>
    /// Checks <paramref name="value"/> against <paramref name="arg"/>'s dataType and converts it to
    /// <paramref name="target"/>; returns null and says why in <paramref name="problem"/> when it does not fit.
    /// </summary>
    public static bool TryConvert(JsonElement value, ElementFunctionArg arg, Type target, JsonSerializerOptions options, out object? converted, out string? problem)
    {
        converted = null;
        problem = null;
        var t = Nullable.GetUnderlyingType(target) ?? target;
        switch (arg.DataType)
        {
            case Stext or Ltext:
                if (value.ValueKind != JsonValueKind.String)
                {
                    return Fail(out problem, arg, "a JSON string");
                }

                var text = value.GetString()!;
                if (arg.MaxLen is { } max && text.Length > max)
                {
                    problem = $"argument '{arg.Name}' ({arg.DataType}) has {text.Length} characters; at most {max} are accepted";
                    return false;
                }

                converted = text;
                return true;
            case Numeric:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    return Fail(out problem, arg, IsInteger(t) ? "a JSON number (an integer)" : "a JSON number");
                }

                break;
            case Checkbox:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var flag) || flag is not (0 or 1))
                {
                    return Fail(out problem, arg, "0 or 1");
                }

                if (t == typeof(bool))
                {
                    converted = flag == 1;
                    return true;
                }

                break;
            case Datetime:
                if (value.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var moment))
                {
                    return Fail(out problem, arg, "an ISO 8601 date and time string, such as \"2026-11-27T13:00:00Z\"");
                }

                converted = t == typeof(DateTime) ? moment.UtcDateTime : moment;
                return true;
            case JitDict:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    return Fail(out problem, arg, "a JSON object");
                }

                break;
            case JitList:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    return Fail(out problem, arg, "a JSON array");
                }

                break;
        }

        try
        {
            converted = value.Deserialize(target, options);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            return Fail(out problem, arg, IsInteger(t) ? "an integer in range" : $"a {arg.DataType} the function can read");
        }
    }

    private static bool Fail(out string problem, ElementFunctionArg arg, string expected)
    {
        problem = $"argument '{arg.Name}' ({arg.DataType}) must be {expected}";
        return false;
    }

    private static bool IsInteger(Type t) =>
        t == typeof(long) || t == typeof(int) || t == typeof(short) || t == typeof(byte) || t == typeof(ulong) || t == typeof(uint) || t == typeof(ushort) || t == typeof(sbyte);

    private static bool IsDictionary(Type t) =>
        typeof(IDictionary).IsAssignableFrom(t)
        || t.GetInterfaces().Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>)));
}
