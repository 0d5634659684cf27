using JitRuntime.Types;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Elements;

/// <summary>
/// What an element instance is given at construction: who it is, its effective declaration (Type elements' values
/// as defaults, its own on top) and its business configuration. Element classes take it as a constructor parameter
/// next to any services they need.
/// </summary>
public sealed class ElementContext
{
    /// <summary>Keys that describe one element and are never inherited from a Type element.</summary>
    private static readonly HashSet<string> OwnKeys = new(StringComparer.Ordinal) { "$schema", "type", "title" };

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        MissingMemberHandling = MissingMemberHandling.Ignore,
        DateParseHandling = DateParseHandling.None,
    });

    /// <summary>Creates a context; the runtime does this, tests may too.</summary>
    public ElementContext(string fullName, ElementTypeDescriptor implementation, string directory, JObject declaration, JObject configuration)
    {
        FullName = fullName;
        Implementation = implementation;
        Directory = directory;
        Declaration = declaration;
        Configuration = configuration;
    }

    /// <summary>The element's fullName.</summary>
    public string FullName { get; }

    /// <summary>The declared title.</summary>
    public string Title => (string?)Declaration["title"] ?? FullName;

    /// <summary>The registered C# Type the element is an instance of.</summary>
    public ElementTypeDescriptor Implementation { get; }

    /// <summary>The element folder.</summary>
    public string Directory { get; }

    /// <summary>The effective declaration: defaults from Type elements, overridden by the element's own <c>e.json</c>.</summary>
    public JObject Declaration { get; }

    /// <summary>The business configuration (empty when the element has none).</summary>
    public JObject Configuration { get; }

    /// <summary>
    /// Binds the declaration and the configuration, merged (configuration wins), onto <typeparamref name="T"/>;
    /// JSON keys match property names ignoring case (<c>allowRegister</c> → <c>AllowRegister</c>).
    /// </summary>
    public T Bind<T>()
        where T : new()
    {
        var merged = (JObject)Declaration.DeepClone();
        merged.Merge(Configuration, new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Replace });
        return merged.ToObject<T>(Serializer) ?? new T();
    }

    /// <summary>Builds the context of a loaded element: merges its declaration chain, deepest Type element first.</summary>
    internal static ElementContext Create(LoadedElement element)
    {
        var effective = new JObject();
        var settings = new JsonMergeSettings { MergeArrayHandling = MergeArrayHandling.Replace, MergeNullValueHandling = MergeNullValueHandling.Merge };
        for (var i = element.DeclarationChain.Count - 1; i >= 0; i--)
        {
            var declaration = element.DeclarationChain[i];
            var own = i == 0;
            foreach (var property in declaration.Properties())
            {
                if (!own && OwnKeys.Contains(property.Name))
                {
                    continue;
                }

                effective.Merge(new JObject(new JProperty(property.Name, property.Value.DeepClone())), settings);
            }
        }

        var configuration = (JObject?)element.Configuration?.DeepClone() ?? [];
        return new ElementContext(element.FullName, element.Implementation!, element.Directory, effective, configuration);
    }
}
