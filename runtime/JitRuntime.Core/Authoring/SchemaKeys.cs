using JitRuntime.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Authoring;

/// <summary>
/// What a JSON Schema file says about the keys of the documents it checks, read as plain JSON: which keys an object
/// has (its own <c>properties</c>, those of <c>allOf</c> branches and of a <c>$ref</c>'d file), which are required,
/// their JSON type and whether they are secrets (<c>writeOnly: true</c>, JSON Schema's own keyword). What authoring
/// tools need to write a document, not to validate one (the runtime's validator does that).
/// </summary>
public sealed class SchemaKeys
{
    private readonly JObject _schema;
    private readonly string _directory;

    private SchemaKeys(JObject schema, string directory)
    {
        _schema = schema;
        _directory = directory;
    }

    /// <summary>Reads <paramref name="fileName"/> from the schemas folder <paramref name="directory"/>.</summary>
    public static SchemaKeys Read(string directory, string fileName) => new(ReadFile(directory, fileName), directory);

    /// <summary>The schema of the key at <paramref name="path"/> (<c>authConfig.appId</c>), or null when the schema does not know it.</summary>
    public JObject? Find(IReadOnlyList<string> path)
    {
        var current = _schema;
        foreach (var segment in path)
        {
            if (Properties(current).GetValueOrDefault(segment) is not { } next)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>The keys of the object schema <paramref name="schema"/> (the root when null), each with its most specific schema.</summary>
    public IReadOnlyDictionary<string, JObject> Properties(JObject? schema = null)
    {
        var keys = new Dictionary<string, JObject>(StringComparer.Ordinal);
        foreach (var part in Parts(schema ?? _schema))
        {
            if (part["properties"] is not JObject properties)
            {
                continue;
            }

            foreach (var (name, value) in properties)
            {
                // An empty {} (a name listed so that unknown keys are flagged) never hides the branch that types it.
                if (value is JObject property && (!keys.TryGetValue(name, out var known) || (known.Count == 0 && property.Count > 0)))
                {
                    keys[name] = Resolve(property);
                }
            }
        }

        return keys;
    }

    /// <summary>
    /// The schema as one self-contained document for a form generator: the root's keys and required keys merged from its
    /// <c>allOf</c> branches and <c>$ref</c>'d files, their definitions beside them, so nothing points to another file.
    /// </summary>
    public JObject FormSchema()
    {
        var definitions = new JObject();
        foreach (var part in Parts(_schema))
        {
            foreach (var (name, definition) in part["definitions"] as JObject ?? [])
            {
                definitions[name] ??= definition!.DeepClone();
            }
        }

        foreach (var (name, definition) in ReadFile(_directory, Schemas.SchemaStore.ElementSchemaFile)["definitions"] as JObject ?? [])
        {
            definitions[name] ??= definition!.DeepClone();
        }

        return new JObject
        {
            ["type"] = "object",
            ["title"] = _schema["title"]?.DeepClone(),
            ["properties"] = new JObject(Properties().Select(p => new JProperty(p.Key, p.Value.DeepClone()))),
            ["required"] = new JArray(Required()),
            ["definitions"] = definitions,
        };
    }

    /// <summary>The dotted keys of the secrets (<c>writeOnly</c>) at any depth of the root object.</summary>
    public IReadOnlyList<string> Secrets()
    {
        var found = new List<string>();
        void Walk(JObject? schema, string prefix)
        {
            foreach (var (name, property) in Properties(schema))
            {
                if (IsWriteOnly(property))
                {
                    found.Add(prefix + name);
                }
                else if (TypeOf(property) == "object")
                {
                    Walk(property, prefix + name + ".");
                }
            }
        }

        Walk(null, "");
        return found;
    }

    /// <summary>The keys <paramref name="schema"/> (the root when null) requires.</summary>
    public IReadOnlyList<string> Required(JObject? schema = null) =>
        Parts(schema ?? _schema).SelectMany(p => p["required"] as JArray ?? []).Select(t => (string)t!).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The JSON type a key's schema names (<c>string</c>, <c>integer</c>, ...), or null when it names none (an <c>enum</c>, say).</summary>
    public static string? TypeOf(JObject schema) => schema["type"] switch
    {
        JValue { Type: JTokenType.String } single => (string)single!,
        JArray many => many.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    /// <summary>True when the key is a secret: its value never shows and is never given on a command line.</summary>
    public static bool IsWriteOnly(JObject schema) => schema["writeOnly"] is JValue { Type: JTokenType.Boolean } flag && (bool)flag;

    /// <summary>The schema and every schema it is made of (<c>allOf</c> branches, a <c>$ref</c>'d file), each resolved.</summary>
    private IEnumerable<JObject> Parts(JObject schema)
    {
        var resolved = Resolve(schema);
        yield return resolved;
        foreach (var branch in (resolved["allOf"] as JArray ?? []).OfType<JObject>())
        {
            foreach (var part in Parts(branch))
            {
                yield return part;
            }
        }
    }

    /// <summary>Follows a <c>$ref</c> to a file of the schemas folder (<c>element.schema.json</c>) or to a local definition.</summary>
    private JObject Resolve(JObject schema)
    {
        if (schema["$ref"] is not JValue { Type: JTokenType.String } reference)
        {
            return schema;
        }

        var text = (string)reference!;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        var document = hash == 0 ? _schema : ReadFile(_directory, hash < 0 ? text : text[..hash]);
        var pointer = hash < 0 ? "" : text[(hash + 1)..];
        var target = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate((JToken?)document, (token, segment) => token?[segment]);
        return target as JObject ?? schema;
    }

    private static JObject ReadFile(string directory, string fileName) =>
        JsonFileReader.Read(Path.Combine(directory, fileName), fileName).Root as JObject
        ?? throw new InvalidDataException($"schemas/{fileName} is not a JSON Schema object");
}
