using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Schemas;

/// <summary>
/// Answers "certainly valid" for a document against a schema without allocating per property, for the keywords
/// <see cref="SchemaDocumentReader"/> reads; anything else, or any doubt, answers false and NJsonSchema validates (and
/// reports) as before. Most element files of a big app are valid, and NJsonSchema's validator builds paths and lists for
/// every property it visits, which is where a cold <c>jit validate</c> of thousands of elements spent its time. It may
/// say false for a valid document; it must never say true for an invalid one (tested against NJsonSchema).
/// </summary>
internal static class SchemaFastCheck
{
    private const int MaxDepth = 32;

    /// <summary>
    /// Patterns in ECMAScript mode (what JSON Schema specifies): <c>\d</c>, <c>\w</c> and <c>\s</c> are then ASCII-only,
    /// so this check is never more lenient than .NET's default; a pattern .NET cannot read that way is left to NJsonSchema.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    public static bool IsCertainlyValid(JsonSchema schema, JToken token) => Check(schema, token, 0);

    private static bool Check(JsonSchema schema, JToken token, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        schema = schema.ActualSchema;
        if (!IsSupported(schema))
        {
            return false;
        }

        foreach (var part in schema.AllOf)
        {
            if (!Check(part, token, depth + 1))
            {
                return false;
            }
        }

        if (schema.Type != JsonObjectType.None && !HasType(schema.Type, token))
        {
            return false;
        }

        if (schema.Enumeration.Count > 0 && !InEnumeration(schema, token))
        {
            return false;
        }

        return token switch
        {
            JObject obj => CheckObject(schema, obj, depth),
            JArray array => schema.Item is not { } items || CheckItems(items, array, depth),
            JValue { Type: JTokenType.String } text => CheckString(schema, (string)text!),
            JValue { Type: JTokenType.Integer or JTokenType.Float } number => CheckNumber(schema, number),
            JValue => true,
            _ => false,
        };
    }

    /// <summary>Only schemas whose every set constraint is one this check knows exactly.</summary>
    private static bool IsSupported(JsonSchema schema) =>
        schema.AnyOf.Count == 0 && schema.OneOf.Count == 0 && schema.Not is null && schema.PatternProperties.Count == 0
        && schema.Format is null && schema.MultipleOf is null && schema.MinItems == 0 && schema.MaxItems == 0 && !schema.UniqueItems
        && schema.MinProperties == 0 && schema.MaxProperties == 0 && schema.Items.Count == 0 && !schema.IsExclusiveMinimum
        && !schema.IsExclusiveMaximum && schema.ExclusiveMinimum is null && schema.ExclusiveMaximum is null && schema.AdditionalItemsSchema is null
        && schema.AllowAdditionalItems;

    private static bool HasType(JsonObjectType type, JToken token) => token.Type switch
    {
        JTokenType.Object => type.HasFlag(JsonObjectType.Object),
        JTokenType.Array => type.HasFlag(JsonObjectType.Array),
        JTokenType.String => type.HasFlag(JsonObjectType.String),
        JTokenType.Integer => type.HasFlag(JsonObjectType.Integer) || type.HasFlag(JsonObjectType.Number),
        JTokenType.Float => type.HasFlag(JsonObjectType.Number),
        JTokenType.Boolean => type.HasFlag(JsonObjectType.Boolean),
        JTokenType.Null => type.HasFlag(JsonObjectType.Null),
        _ => false,
    };

    /// <summary>Strings and integers compared exactly; any other kind of enumeration is left to NJsonSchema.</summary>
    private static bool InEnumeration(JsonSchema schema, JToken token) => token switch
    {
        JValue { Type: JTokenType.String } text => schema.Enumeration.Any(v => v is string s && s == (string)text!),
        JValue { Type: JTokenType.Integer } number => schema.Enumeration.Any(v => v is long l && l == (long)number!),
        _ => false,
    };

    private static bool CheckObject(JsonSchema schema, JObject obj, int depth)
    {
        foreach (var required in schema.RequiredProperties)
        {
            if (obj[required] is null or { Type: JTokenType.Null })
            {
                return false;
            }
        }

        for (var child = obj.First; child is not null; child = child.Next)
        {
            var property = (JProperty)child;
            if (schema.Properties.TryGetValue(property.Name, out var propertySchema))
            {
                if (propertySchema.IsRequired && property.Value.Type == JTokenType.Null)
                {
                    return false;
                }

                if (!Check(propertySchema, property.Value, depth + 1))
                {
                    return false;
                }
            }
            else if (schema.AdditionalPropertiesSchema is { } additional)
            {
                if (!Check(additional, property.Value, depth + 1))
                {
                    return false;
                }
            }
            else if (!schema.AllowAdditionalProperties)
            {
                return false;
            }
        }

        return true;
    }

    private static bool CheckItems(JsonSchema items, JArray array, int depth)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (!Check(items, array[i], depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CheckString(JsonSchema schema, string value)
    {
        if ((schema.MinLength is not null || schema.MaxLength is not null) && !IsSimple(value))
        {
            return false; // lengths of combining marks, surrogates or CR LF depend on how one counts: ask NJsonSchema
        }

        if (value.Length < (schema.MinLength ?? 0) || value.Length > (schema.MaxLength ?? int.MaxValue))
        {
            return false;
        }

        return schema.Pattern is not { } pattern || Patterns.GetOrAdd(pattern, Compile) is { } regex && regex.IsMatch(value);
    }

    private static Regex? Compile(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.ECMAScript, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static bool CheckNumber(JsonSchema schema, JValue number)
    {
        if (schema.Minimum is null && schema.Maximum is null)
        {
            return true;
        }

        decimal value;
        if (number.Value is long integer)
        {
            value = integer; // The common case (a flag, a port, a size), without formatting and parsing it.
        }
        else if (!decimal.TryParse(number.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        return value >= (schema.Minimum ?? decimal.MinValue) && value <= (schema.Maximum ?? decimal.MaxValue);
    }

    /// <summary>Every UTF-16 unit is one character and one text element: no surrogates, combining marks, joiners or CR.</summary>
    private static bool IsSimple(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x80)
            {
                if (c == '\r')
                {
                    return false;
                }

                continue;
            }

            if (char.IsSurrogate(c) || c is >= '\u1100' and <= '\u11FF' || c is '\u200C' or '\u200D' || c is >= '\uFE00' and <= '\uFE0F')
            {
                return false;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }
}
