using System.Collections.Concurrent;
using JitRuntime.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Schemas;

/// <summary>
/// The JSON Schema files of <c>schemas/</c>, loaded once each with NJsonSchema so that relative <c>$ref</c> resolve.
/// </summary>
public sealed class SchemaStore
{
    /// <summary>The schema every <c>e.json</c> is checked against.</summary>
    public const string ElementSchemaFile = "element.schema.json";

    /// <summary>The schema of <c>app.json</c>.</summary>
    public const string AppSchemaFile = "app.schema.json";

    private readonly ConcurrentDictionary<string, Lazy<JsonSchema>> _schemas = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Lazy<JObject>> _roots = new(StringComparer.Ordinal);

    /// <summary>Creates a store reading from <paramref name="directory"/>.</summary>
    public SchemaStore(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The folder schema file names are relative to.</summary>
    public string Directory { get; }

    /// <summary>The default: the <c>schemas/</c> folder copied beside the runtime's binaries.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "schemas");

    private static int s_warmedUp;

    /// <summary>
    /// Starts the one-time start-up of JSON reading and NJsonSchema (loading their assemblies, reflecting over the schema
    /// model) on a thread-pool thread and returns at once, so that a one-shot process (<c>jit validate</c>) overlaps it
    /// with its own start on another core instead of paying it when the first file is read. Only the first call starts it.
    /// </summary>
    public static void WarmUp()
    {
        if (Interlocked.Exchange(ref s_warmedUp, 1) == 1)
        {
            return;
        }

        _ = Task.Run(static () =>
        {
            var schema = SchemaDocumentReader.TryRead((JObject)JsonFileReader.Parse(
                """{ "type": "object", "required": ["a"], "properties": { "a": { "$ref": "#/definitions/b" } }, "definitions": { "b": { "type": "string", "minLength": 1 } } }"""u8, "warm-up").Root!, _ => null);
            return schema?.Validate("""{ "a": 1 }""");
        });
    }

    /// <summary>Loads (once) and returns the schema in <paramref name="fileName"/>.</summary>
    /// <exception cref="FileNotFoundException">The schema file does not exist: a registration names a file that is not shipped.</exception>
    public Task<JsonSchema> GetAsync(string fileName)
    {
        try
        {
            return Task.FromResult(Get(fileName));
        }
        catch (Exception ex)
        {
            return Task.FromException<JsonSchema>(ex);
        }
    }

    /// <summary>Loads (once) and returns the schema in <paramref name="fileName"/>.</summary>
    /// <remarks>
    /// Synchronous: a schema is a small local file and CPU work, and a one-shot <c>jit validate</c> starts faster without
    /// the async machinery (each async method is code compiled at start-up).
    /// </remarks>
    /// <exception cref="FileNotFoundException">The schema file does not exist: a registration names a file that is not shipped.</exception>
    public JsonSchema Get(string fileName) =>
        _schemas.GetOrAdd(fileName, name => new Lazy<JsonSchema>(() => Load(name))).Value;

    private JsonSchema Load(string fileName)
    {
        var path = PathOf(fileName);

        // The quick reader first (see SchemaDocumentReader); it resolves references to files that reference nothing
        // themselves, so that two files can never wait for each other. Anything else is NJsonSchema's to read.
        var root = ReadRoot(fileName);
        var others = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var file in SchemaDocumentReader.ReferencedFiles(root))
        {
            if (!File.Exists(PathOf(file)) || SchemaDocumentReader.ReferencedFiles(ReadRoot(file)).Any())
            {
                return ReadWithNJsonSchema(path);
            }

            others[file] = Get(file);
        }

        return SchemaDocumentReader.TryRead(root, file => others.GetValueOrDefault(file)) ?? ReadWithNJsonSchema(path);
    }

    /// <summary>NJsonSchema's own reader, for what the quick reader does not know; it is asynchronous only.</summary>
    private static JsonSchema ReadWithNJsonSchema(string path) =>
        Task.Run(() => JsonSchema.FromFileAsync(path)).GetAwaiter().GetResult();

    /// <summary>A schema file's JSON, read and parsed once however many schemas refer to it.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not well-formed JSON.</exception>
    private JObject ReadRoot(string fileName) =>
        _roots.GetOrAdd(fileName, name => new Lazy<JObject>(() =>
        {
            var path = PathOf(name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Schema '{name}' not found in {Directory}.", path);
            }

            // The same reader as every app file: one JSON code path to start in a fresh process.
            var file = JsonFileReader.Read(path, path);
            return file.Root as JObject ?? throw new InvalidDataException(file.Error?.ToString() ?? $"Schema '{name}' is not a JSON object.");
        })).Value;

    private string PathOf(string fileName) => Path.GetFullPath(Path.Combine(Directory, fileName));
}
