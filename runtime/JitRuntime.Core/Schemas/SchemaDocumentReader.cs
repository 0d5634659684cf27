using System.Globalization;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Schemas;

/// <summary>
/// Builds NJsonSchema's schema model straight from a schema file's JSON, for the keywords JSON Schema files of element
/// families use (type, properties, required, additionalProperties, items, allOf, enum, pattern, length and range
/// bounds, definitions, $ref to a definition or to another file). NJsonSchema's own reader deserializes through
/// Newtonsoft's reflection-based serializer, whose first use costs about 100 ms in a fresh process; <c>jit validate</c>
/// pays that on every CI run. NJsonSchema still validates. A schema with any other keyword, or a reference this reader
/// does not resolve, is left to NJsonSchema's reader (<see cref="TryRead"/> answers null), so nothing is lost.
/// </summary>
internal static class SchemaDocumentReader
{
    /// <summary>Builds the schema of <paramref name="root"/>, or null when it uses anything outside the supported set.</summary>
    /// <param name="root">The schema file's JSON.</param>
    /// <param name="otherFile">The already built schema of another file a <c>$ref</c> names, or null when there is none.</param>
    public static JsonSchema? TryRead(JObject root, Func<string, JsonSchema?> otherFile)
    {
        var references = new List<(JsonSchema Schema, string Reference)>();
        var schema = new JsonSchema();
        if (!Fill(schema, root, references))
        {
            return null;
        }

        foreach (var (holder, reference) in references)
        {
            if (Resolve(reference, schema, otherFile) is not { } target)
            {
                return null;
            }

            holder.Reference = target;
        }

        return schema;
    }

    /// <summary>The <c>$ref</c> of a schema file names a file of the same folder; these are the ones it names.</summary>
    public static IEnumerable<string> ReferencedFiles(JObject root) =>
        root.Descendants().OfType<JProperty>()
            .Where(p => p.Name == "$ref" && p.Value is JValue { Type: JTokenType.String })
            .Select(p => ((string)p.Value!).Split('#')[0])
            .Where(file => file.Length > 0)
            .Distinct(StringComparer.Ordinal);

    private static bool Fill(JsonSchema schema, JObject json, List<(JsonSchema, string)> references)
    {
        foreach (var property in json.Properties())
        {
            var value = property.Value;
            var ok = property.Name switch
            {
                // Annotations with no effect on validation: writeOnly marks a secret for authoring tools (jit new, the studio).
                "$schema" or "default" or "writeOnly" => true,
                "title" => SetString(value, s => schema.Title = s),
                "description" => SetString(value, s => schema.Description = s),
                "type" => ReadType(value, schema),
                "$ref" => value is JValue { Type: JTokenType.String } && Add(references, schema, (string)value!),
                "properties" => ReadProperties(value, schema, references),
                "required" => ReadRequired(value, schema),
                "additionalProperties" => ReadAdditionalProperties(value, schema, references),
                "items" => ReadChild(value, references) is { } item && Set(() => schema.Item = item),
                "allOf" => ReadList(value, schema.AllOf, references),
                "definitions" => ReadDefinitions(value, schema, references),
                "enum" => value is JArray values && values.All(v => v is JValue) && Set(() =>
                {
                    foreach (var v in values)
                    {
                        schema.Enumeration.Add(((JValue)v).Value);
                    }
                }),
                "pattern" => SetString(value, s => schema.Pattern = s),
                "minLength" => SetInteger(value, n => schema.MinLength = n),
                "maxLength" => SetInteger(value, n => schema.MaxLength = n),
                "minimum" => SetDecimal(value, n => schema.Minimum = n),
                "maximum" => SetDecimal(value, n => schema.Maximum = n),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool ReadType(JToken value, JsonSchema schema)
    {
        var names = value switch
        {
            JValue { Type: JTokenType.String } single => [(string)single!],
            JArray many when many.All(t => t.Type == JTokenType.String) => many.Select(t => (string)t!).ToArray(),
            _ => null,
        };
        if (names is null)
        {
            return false;
        }

        var type = JsonObjectType.None;
        foreach (var name in names)
        {
            var one = name switch
            {
                "object" => JsonObjectType.Object,
                "array" => JsonObjectType.Array,
                "string" => JsonObjectType.String,
                "integer" => JsonObjectType.Integer,
                "number" => JsonObjectType.Number,
                "boolean" => JsonObjectType.Boolean,
                "null" => JsonObjectType.Null,
                _ => JsonObjectType.None,
            };
            if (one == JsonObjectType.None)
            {
                return false;
            }

            type |= one;
        }

        schema.Type = type;
        return true;
    }

    private static bool ReadProperties(JToken value, JsonSchema schema, List<(JsonSchema, string)> references)
    {
        if (value is not JObject properties)
        {
            return false;
        }

        foreach (var property in properties.Properties())
        {
            var child = new JsonSchemaProperty();
            if (property.Value is not JObject json || !Fill(child, json, references))
            {
                return false;
            }

            schema.Properties[property.Name] = child;
        }

        return true;
    }

    private static bool ReadRequired(JToken value, JsonSchema schema)
    {
        if (value is not JArray names || names.Any(n => n.Type != JTokenType.String))
        {
            return false;
        }

        foreach (var name in names)
        {
            schema.RequiredProperties.Add((string)name!);
        }

        return true;
    }

    private static bool ReadAdditionalProperties(JToken value, JsonSchema schema, List<(JsonSchema, string)> references)
    {
        switch (value)
        {
            case JValue { Type: JTokenType.Boolean } allowed:
                schema.AllowAdditionalProperties = (bool)allowed!;
                return true;
            case JObject:
                return ReadChild(value, references) is { } child && Set(() => schema.AdditionalPropertiesSchema = child);
            default:
                return false;
        }
    }

    private static bool ReadDefinitions(JToken value, JsonSchema schema, List<(JsonSchema, string)> references)
    {
        if (value is not JObject definitions)
        {
            return false;
        }

        foreach (var definition in definitions.Properties())
        {
            if (ReadChild(definition.Value, references) is not { } child)
            {
                return false;
            }

            schema.Definitions[definition.Name] = child;
        }

        return true;
    }

    private static bool ReadList(JToken value, ICollection<JsonSchema> target, List<(JsonSchema, string)> references)
    {
        if (value is not JArray items)
        {
            return false;
        }

        foreach (var item in items)
        {
            if (ReadChild(item, references) is not { } child)
            {
                return false;
            }

            target.Add(child);
        }

        return true;
    }

    private static JsonSchema? ReadChild(JToken value, List<(JsonSchema, string)> references)
    {
        var child = new JsonSchema();
        return value is JObject json && Fill(child, json, references) ? child : null;
    }

    /// <summary>"#/definitions/x", "other.schema.json" or "other.schema.json#/definitions/x".</summary>
    private static JsonSchema? Resolve(string reference, JsonSchema root, Func<string, JsonSchema?> otherFile)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? reference : reference[..hash];
        var pointer = hash < 0 ? "" : reference[(hash + 1)..];
        var document = file.Length == 0 ? root : otherFile(file);
        if (document is null)
        {
            return null;
        }

        if (pointer.Length == 0)
        {
            return document;
        }

        var segments = pointer.Split('/');
        if (segments is not ["", "definitions", var name])
        {
            return null;
        }

        return document.Definitions.TryGetValue(Uri.UnescapeDataString(name).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal),
            out var definition) ? definition : null;
    }

    private static bool Add(List<(JsonSchema, string)> references, JsonSchema schema, string reference)
    {
        references.Add((schema, reference));
        return true;
    }

    private static bool Set(Action set)
    {
        set();
        return true;
    }

    private static bool SetString(JToken value, Action<string> set) =>
        value is JValue { Type: JTokenType.String } && Set(() => set((string)value!));

    private static bool SetInteger(JToken value, Action<int> set) =>
        value is JValue { Type: JTokenType.Integer } && (long)value! is >= 0 and <= int.MaxValue && Set(() => set((int)(long)value!));

    private static bool SetDecimal(JToken value, Action<decimal> set) =>
        value is JValue { Type: JTokenType.Integer or JTokenType.Float } number &&
        decimal.TryParse(number.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) &&
        Set(() => set(parsed));
}
