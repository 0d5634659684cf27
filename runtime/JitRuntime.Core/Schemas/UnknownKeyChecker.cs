using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Json;
using JitRuntime.Loading;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Schemas;

/// <summary>
/// Finds keys a schema does not know, with a "did you mean" from the keys it does. A level is checked where its schema
/// (with everything it combines through <c>allOf</c> and <c>$ref</c>) names its properties and is not a map
/// (<c>additionalProperties</c> with a schema, or <c>patternProperties</c>); free-form objects are left alone.
/// JSON Schema draft-07 cannot close an object across <c>allOf</c>, so this is done here rather than by the validator.
/// </summary>
internal static class UnknownKeyChecker
{
    private const int MaxDepth = 16;

    /// <summary>Per schema object, so that schemas reloaded from disk are not confused with old ones.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonSchema, Level> Levels = new();

    /// <summary>Appends one <see cref="DiagnosticCodes.UnknownKey"/> per unknown key of <paramref name="document"/>.</summary>
    public static void Check(JsonSchema schema, JToken document, string path, bool strict, List<Diagnostic> diagnostics) =>
        Visit(schema, document, path, strict, diagnostics, 0);

    private static void Visit(JsonSchema schema, JToken token, string path, bool strict, List<Diagnostic> diagnostics, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        var level = Levels.GetValue(schema, static s => new Level(Parts(s)));
        if (token is JArray array)
        {
            foreach (var items in level.Items)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    Visit(items, array[i], path, strict, diagnostics, depth + 1);
                }
            }

            return;
        }

        if (token is not JObject obj)
        {
            return;
        }

        // Children by link, not obj.Properties(): no iterator objects for each of thousands of documents.
        for (var child = obj.First; child is not null; child = child.Next)
        {
            var property = (JProperty)child;
            if (level.Known.TryGetValue(property.Name, out var propertySchemas))
            {
                foreach (var propertySchema in propertySchemas)
                {
                    Visit(propertySchema, property.Value, path, strict, diagnostics, depth + 1);
                }
            }
            else if (level.Known.Count > 0 && !level.IsMap)
            {
                diagnostics.Add(Report(property, level.Known.Keys, path, strict));
            }
        }
    }

    /// <summary>What one schema says about the keys of the objects it describes; worked out once per schema.</summary>
    private sealed class Level(List<JsonSchema> parts)
    {
        public Dictionary<string, JsonSchema[]> Known { get; } = KnownKeys(parts);

        public bool IsMap { get; } = parts.Any(p => p.AdditionalPropertiesSchema is not null || p.PatternProperties.Count > 0);

        public JsonSchema[] Items { get; } = [.. parts.Select(p => p.Item).OfType<JsonSchema>()];

        private static Dictionary<string, JsonSchema[]> KnownKeys(List<JsonSchema> parts)
        {
            var known = new Dictionary<string, JsonSchema[]>(StringComparer.Ordinal);
            foreach (var part in parts)
            {
                foreach (var (name, schema) in part.Properties)
                {
                    known[name] = known.TryGetValue(name, out var earlier) ? [.. earlier, schema] : [schema];
                }
            }

            return known;
        }
    }

    private static Diagnostic Report(JProperty property, IEnumerable<string> known, string path, bool strict)
    {
        var suggestion = NameSuggester.Suggest(property.Name, known, max: 1);
        var where = property.Parent?.Path is { Length: > 0 } parent ? $" in '{parent}'" : "";
        var message = $"unknown key '{ElementName.ForDisplay(property.Name)}'{where}" +
                      (suggestion.Count > 0 ? $" (did you mean '{suggestion[0]}'?)" : "") +
                      "; it is ignored" + (strict ? "" : " (--strict makes this an error)");
        var (line, column) = LineInfo.Of(property);
        return strict
            ? Diagnostic.Error(path, line, column, DiagnosticCodes.UnknownKey, message)
            : Diagnostic.Warning(path, line, column, DiagnosticCodes.UnknownKey, message);
    }

    /// <summary>The schema and every schema it combines with allOf, references resolved.</summary>
    private static List<JsonSchema> Parts(JsonSchema schema)
    {
        var parts = new List<JsonSchema>();
        var pending = new Stack<JsonSchema>([schema]);
        while (pending.Count > 0 && parts.Count < 64)
        {
            var part = pending.Pop().ActualSchema;
            if (parts.Contains(part))
            {
                continue;
            }

            parts.Add(part);
            foreach (var child in part.AllOf)
            {
                pending.Push(child);
            }
        }

        return parts;
    }
}
