using System.Globalization;
using System.Text;
using JitRuntime.Apps;
using JitRuntime.Elements;
using JitRuntime.Loading;
using JitRuntime.Types;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Authoring;

/// <summary>
/// A new element composed from its Type's schemas, before anything is written: <c>e.json</c> (with <c>$schema</c>,
/// <c>title</c>, <c>type</c>, <c>backendBundleEntry</c>) and, when the Type takes a business configuration,
/// <c>&lt;ElementName&gt;.json</c> named by <c>frontBundleEntry</c>. Values given as dotted keys go to the file whose
/// schema knows the key, typed as that schema says; a secret (<c>writeOnly</c>) never takes a value here and is written
/// as a <c>${NAME}</c> placeholder derived from the element's name. <see cref="NewElementCheck"/> validates the result.
/// </summary>
public sealed class NewElement
{
    private NewElement(string fullName, string folder, JObject declaration, string? configurationFile, JObject? configuration,
        IReadOnlyList<(string Variable, string Key)> placeholders)
    {
        FullName = fullName;
        Folder = folder;
        Declaration = declaration;
        ConfigurationFile = configurationFile;
        Configuration = configuration;
        Placeholders = placeholders;
    }

    /// <summary>The new element's fullName.</summary>
    public string FullName { get; }

    /// <summary>Its folder, relative to the app (<c>elements/auths/loginTypes/shopLogin</c>, forward slashes).</summary>
    public string Folder { get; }

    /// <summary>The <c>e.json</c> to write.</summary>
    public JObject Declaration { get; }

    /// <summary>The configuration's file name (<c>shopLogin.json</c>), or null when the Type takes none.</summary>
    public string? ConfigurationFile { get; }

    /// <summary>The business configuration to write, or null.</summary>
    public JObject? Configuration { get; }

    /// <summary>The environment variables the secrets are read from, with the keys that read them.</summary>
    public IReadOnlyList<(string Variable, string Key)> Placeholders { get; }

    /// <summary>True when <paramref name="app"/> has this element of its own already (loaded, or an <c>e.json</c> in its folder): it is never overwritten.</summary>
    public bool ExistsIn(JitApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.FindElement(FullName) is { Layer: 0 } || File.Exists(Path.Combine(app.Directory, Folder, "e.json"));
    }

    /// <summary>The files to write, relative to the app, with their text.</summary>
    public IEnumerable<(string Path, string Text)> Files()
    {
        yield return ($"{Folder}/e.json", ElementFiles.Text(Declaration));
        if (ConfigurationFile is not null)
        {
            yield return ($"{Folder}/{ConfigurationFile}", ElementFiles.Text(Configuration!));
        }
    }

    /// <summary>
    /// Composes the element of type <paramref name="type"/> (as the app resolves it) named <paramref name="fullName"/>.
    /// </summary>
    /// <param name="app">The app, loaded: its registered Types and its Type elements on disk.</param>
    /// <param name="registry">The registered Metas and Types.</param>
    /// <param name="schemasDirectory">The schemas folder the runtime validates with.</param>
    /// <param name="type">A registered Type or a Type element of the app.</param>
    /// <param name="fullName">The new element's fullName (dotted identifiers).</param>
    /// <param name="title">Its title; the element's name when null.</param>
    /// <param name="values">Dotted keys with their text as typed (<c>allowRegister</c> → <c>1</c>).</param>
    /// <param name="documents">Values as documents (an authoring page's forms), merged before <paramref name="values"/>: the keys
    /// jit new writes itself are kept, and a secret is kept only as a <c>${NAME}</c> placeholder.</param>
    /// <exception cref="NewElementException">What makes the request unusable: an unknown Type (with the ones meant), a Meta, a bad fullName, a key no schema knows, a value the key's type cannot take, a secret given a value.</exception>
    public static NewElement Compose(JitApp app, ElementTypeRegistry registry, string schemasDirectory, string type, string fullName, string? title,
        IReadOnlyList<KeyValuePair<string, string>> values, (JObject? Declaration, JObject? Configuration) documents = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(values);
        if (!ElementName.IsFullName(fullName))
        {
            throw new NewElementException($"'{ElementName.ForDisplay(fullName)}' is not a fullName: dotted identifiers such as auths.loginTypes.shopLogin");
        }

        var (implementation, inheritsConfiguration) = ResolveType(app, registry, type);
        var name = fullName.Split('.')[^1];
        var declarationKeys = SchemaKeys.Read(schemasDirectory, implementation.DeclarationSchema ?? Schemas.SchemaStore.ElementSchemaFile);
        var configurationKeys = implementation.ConfigurationSchema is { } configurationSchema ? SchemaKeys.Read(schemasDirectory, configurationSchema) : null;
        var folder = "elements/" + fullName.Replace('.', '/');
        var declaration = new JObject
        {
            ["$schema"] = SchemaReference(app.Directory, folder, schemasDirectory, implementation.DeclarationSchema ?? Schemas.SchemaStore.ElementSchemaFile),
            ["title"] = title ?? name,
            ["type"] = type,
            ["backendBundleEntry"] = ".",
        };
        string? configurationFile = null;
        var configuration = configurationKeys is null ? null
            : new JObject { ["$schema"] = SchemaReference(app.Directory, folder, schemasDirectory, implementation.ConfigurationSchema!) };

        Merge(declaration, documents.Declaration, declarationKeys, null);
        if (configuration is not null)
        {
            Merge(configuration, documents.Configuration, configurationKeys!, null);
        }

        foreach (var (key, text) in values)
        {
            var path = key.Split('.');
            if (path.Any(p => p.Length == 0) || path[0] is "$schema" or "type" or "backendBundleEntry" or "frontBundleEntry")
            {
                throw new NewElementException($"--set {key}: not a key to set ({(path[0] == "type" ? "the Type is the first argument" : "written by jit new itself")})");
            }

            var (target, schema) = declarationKeys.Find(path) is { } inDeclaration ? (declaration, inDeclaration)
                : configurationKeys?.Find(path) is { } inConfiguration ? (configuration!, inConfiguration)
                : throw new NewElementException(UnknownKey(key, declarationKeys, configurationKeys));
            if (SchemaKeys.IsWriteOnly(schema))
            {
                throw new NewElementException($"--set {key}: a secret never takes a value on the command line; it is written as ${{{Variable(name, path[^1])}}}: set that environment variable");
            }

            Set(target, path, Typed(key, text, schema));
        }

        // A Type element on disk that carries a configuration gives it to its instances: one is written only for values set here.
        var placeholders = new List<(string, string)>();
        if (configuration is not null && inheritsConfiguration && configuration.Count == 1)
        {
            configuration = null;
        }

        if (configuration is not null)
        {
            AddPlaceholders(configurationKeys!, null, configuration, name, "", placeholders);
            configurationFile = name + ".json";
            declaration["frontBundleEntry"] = "./" + configurationFile;
        }

        return new NewElement(fullName, folder, declaration, configurationFile, configuration, placeholders);
    }

    /// <summary>Copies <paramref name="given"/>'s values into <paramref name="target"/>: not the keys written here, not a secret's value unless it is a placeholder.</summary>
    private static void Merge(JObject target, JObject? given, SchemaKeys keys, JObject? schema)
    {
        var properties = keys.Properties(schema);
        foreach (var (key, value) in given ?? [])
        {
            if (value is null || (schema is null && key is "$schema" or "type" or "backendBundleEntry" or "frontBundleEntry"))
            {
                continue;
            }

            var property = properties.GetValueOrDefault(key);
            if (property is not null && SchemaKeys.IsWriteOnly(property))
            {
                if (value is JValue { Type: JTokenType.String } text && JitRuntime.Configuration.EnvironmentPlaceholders.IsPlaceholder((string)text!))
                {
                    target[key] = value.DeepClone();
                }

                continue;
            }

            if (value is JObject child && property is not null && SchemaKeys.TypeOf(property) == "object")
            {
                var nested = target[key] as JObject ?? new JObject();
                Merge(nested, child, keys, property);
                target[key] = nested;
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    /// <summary><c>${SHOP_LOGIN_APP_SECRET}</c>-style: the element's name and the key's, upper case with underscores.</summary>
    public static string Variable(string elementName, string key) => $"{Snake(elementName)}_{Snake(key)}";

    /// <summary>The registered Type at the end of <paramref name="type"/>'s chain, and whether a Type element on the way carries a configuration.</summary>
    private static (ElementTypeDescriptor Implementation, bool InheritsConfiguration) ResolveType(JitApp app, ElementTypeRegistry registry, string type)
    {
        if (registry.TryGet(type, out var registered))
        {
            return registered.Kind == ElementKind.Type ? (registered, false)
                : throw new NewElementException($"'{type}' is a Meta (what its Types have in common); name one of its Types: " +
                    string.Join(", ", registry.All.Where(t => t.MetaName == type).Select(t => t.Name).Order(StringComparer.Ordinal)));
        }

        if (app.FindElement(type) is { Role: ElementRole.Type } element)
        {
            return element.Status == ElementStatus.Ready && element.Implementation is { } implementation ? (implementation, element.HasConfiguration)
                : throw new NewElementException($"Type element '{type}' is broken: {element.Diagnostics.FirstOrDefault(d => d.IsError)}");
        }

        var known = registry.All.Where(t => t.Kind == ElementKind.Type).Select(t => t.Name)
            .Concat(app.Elements.Where(e => e.Role == ElementRole.Type).Select(e => e.FullName)).ToList();
        var meant = NameSuggester.Suggest(type, known);
        throw new NewElementException($"unknown Type '{ElementName.ForDisplay(type)}'" +
            (meant.Count > 0 ? $"; did you mean '{string.Join("' or '", meant)}'?" : "; 'jit types' lists the Types this app can name"));
    }

    /// <summary>Every secret of an object that is written gets its placeholder; required objects are written.</summary>
    private static void AddPlaceholders(SchemaKeys keys, JObject? schema, JObject target, string elementName, string prefix, List<(string, string)> placeholders)
    {
        var required = keys.Required(schema);
        foreach (var (key, property) in keys.Properties(schema))
        {
            if (SchemaKeys.IsWriteOnly(property) && target[key] is null)
            {
                var variable = Variable(elementName, key);
                target[key] = $"${{{variable}}}";
                placeholders.Add((variable, prefix + key));
            }
            else if (SchemaKeys.TypeOf(property) == "object" && (required.Contains(key) || target[key] is JObject))
            {
                var child = target[key] as JObject ?? new JObject();
                AddPlaceholders(keys, property, child, elementName, prefix + key + ".", placeholders);
                if (child.Count > 0 || required.Contains(key))
                {
                    target[key] = child;
                }
            }
        }
    }

    private static JToken Typed(string key, string text, JObject schema)
    {
        var type = SchemaKeys.TypeOf(schema);
        try
        {
            return type switch
            {
                "integer" => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                "number" => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                "boolean" => bool.Parse(text),
                "object" or "array" => JToken.Parse(text),
                "string" => text,

                // No type (an enum of strings, say): a JSON value as written, else the text.
                _ => TryJson(text) ?? (JToken)text,
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or JsonReaderException)
        {
            throw new NewElementException($"--set {key}={text}: the schema says {type}" + (type is "object" or "array" ? " (JSON)" : ""));
        }
    }

    private static JValue? TryJson(string text)
    {
        try
        {
            return JToken.Parse(text) is JValue { Type: not JTokenType.String } value ? value : null;
        }
        catch (JsonReaderException)
        {
            return null;
        }
    }

    private static void Set(JObject target, string[] path, JToken value)
    {
        var current = target;
        foreach (var segment in path[..^1])
        {
            if (current[segment] is not JObject child)
            {
                child = new JObject();
                current[segment] = child;
            }

            current = child;
        }

        current[path[^1]] = value;
    }

    private static string UnknownKey(string key, SchemaKeys declaration, SchemaKeys? configuration)
    {
        var known = declaration.Properties().Keys.Concat(configuration?.Properties().Keys ?? []).Where(k => k != "$schema").Distinct(StringComparer.Ordinal).ToList();
        var meant = NameSuggester.Suggest(key.Split('.')[0], known);
        return $"--set {key}: no key of that name in the Type's schemas" + (meant.Count > 0 ? $"; did you mean '{string.Join("' or '", meant)}'?" : $"; its keys: {string.Join(", ", known)}");
    }

    /// <summary>The <c>$schema</c> of a new file: the app's own <c>schemas/</c> when it has one (as the sample does), else the runtime's.</summary>
    private static string SchemaReference(string appDirectory, string folder, string schemasDirectory, string file)
    {
        var elementFolder = Path.Combine(appDirectory, folder);
        var own = Path.Combine(appDirectory, "schemas", file);
        var target = File.Exists(own) ? own : Path.Combine(schemasDirectory, file);
        return Path.GetRelativePath(elementFolder, target).Replace('\\', '/');
    }

    private static string Snake(string name)
    {
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.IsLetterOrDigit(name[i]) ? char.ToUpperInvariant(name[i]) : '_');
        }

        return text.ToString();
    }

}
