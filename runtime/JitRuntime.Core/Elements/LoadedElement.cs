using JitRuntime.Diagnostics;
using JitRuntime.Types;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Elements;

/// <summary>An element as the app sees it after loading: its identity, status and diagnostics. The instance is created on first use.</summary>
public sealed class LoadedElement
{
    internal LoadedElement(
        string fullName,
        string? title,
        string? typeName,
        IReadOnlyList<string> typeChain,
        ElementTypeDescriptor? implementation,
        string directory,
        string declarationPath,
        int layer,
        IReadOnlyList<Diagnostic> diagnostics,
        IReadOnlyList<JObject> declarationChain,
        JObject? configuration,
        string? configurationPath,
        IReadOnlyList<Loading.UnsetVariable> unsetVariables,
        ElementAccess access,
        IReadOnlyList<Calls.ElementFunction> functions)
    {
        FullName = fullName;
        Title = title;
        TypeName = typeName;
        TypeChain = typeChain;
        Implementation = implementation;
        Directory = directory;
        DeclarationPath = declarationPath;
        Layer = layer;
        Diagnostics = diagnostics;
        Status = diagnostics.Any(d => d.IsError) || implementation is null ? ElementStatus.Broken : ElementStatus.Ready;
        DeclarationChain = declarationChain;
        Configuration = configuration;
        ConfigurationPath = configurationPath;
        UnsetVariables = unsetVariables;
        Access = access;
        Role = RoleOf(fullName);
        FunctionList = Role == ElementRole.Type || Status == ElementStatus.Broken ? [] : functions;
    }

    /// <summary>JitAi's rule: a folder whose name ends in <c>Type</c> is a Type element.</summary>
    public static ElementRole RoleOf(string fullName) =>
        fullName.EndsWith("Type", StringComparison.Ordinal) ? ElementRole.Type : ElementRole.Instance;

    /// <summary>Folder path under <c>elements/</c> with dots.</summary>
    public string FullName { get; }

    /// <summary>The declared <c>title</c>, when it is a string.</summary>
    public string? Title { get; }

    /// <summary>The declared <c>type</c>, when it is a string.</summary>
    public string? TypeName { get; }

    /// <summary>The names from this element's <c>type</c> down to the registered Type (empty when unresolved).</summary>
    public IReadOnlyList<string> TypeChain { get; }

    /// <summary>The registered C# Type at the end of the chain; null when the chain is broken.</summary>
    public ElementTypeDescriptor? Implementation { get; }

    /// <summary>The element folder's absolute path.</summary>
    public string Directory { get; }

    /// <summary>The <c>e.json</c> path relative to the app folder.</summary>
    public string DeclarationPath { get; }

    /// <summary>0 when the element is the app's own, 1.. when it comes from a parent app.</summary>
    public int Layer { get; }

    /// <summary>An instance (callable) or a Type element (a template, not callable); see <see cref="ElementRole"/>.</summary>
    public ElementRole Role { get; }

    /// <summary>The declared <c>accessModifier</c> (public when absent).</summary>
    public ElementAccess Access { get; }

    /// <summary>
    /// The effective functionList: the functions of its C# Type, narrowed and annotated by the <c>functionList</c> of
    /// each declaration in its chain. The only functions callable on it; empty for Type elements and broken elements.
    /// </summary>
    public IReadOnlyList<Calls.ElementFunction> FunctionList { get; }

    /// <summary>The function named <paramref name="name"/> in <see cref="FunctionList"/>, or null.</summary>
    public Calls.ElementFunction? FindFunction(string name)
    {
        foreach (var function in FunctionList)
        {
            if (function.Name == name)
            {
                return function;
            }
        }

        return null;
    }

    /// <summary>Ready or broken.</summary>
    public ElementStatus Status { get; }

    /// <summary>Every diagnostic about this element (errors and warnings), in file order.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>This element's declaration, then each Type element's above it: later ones supply defaults.</summary>
    internal IReadOnlyList<JObject> DeclarationChain { get; }

    /// <summary>The business configuration in force (the nearest in the chain), placeholders expanded.</summary>
    internal JObject? Configuration { get; }

    /// <summary>
    /// The full path of the element's own business configuration as the loader resolved and read it (inside the element
    /// folder, no link out of it); null when it has none of its own or its file was refused.
    /// </summary>
    public string? ConfigurationPath { get; }

    /// <summary>
    /// True when the element has a business configuration: its own, or one a Type element of its chain carries (which is
    /// then its instances' default).
    /// </summary>
    public bool HasConfiguration => Configuration is not null;

    /// <summary>Unset <c>${NAME}</c> variables the configuration needs.</summary>
    internal IReadOnlyList<Loading.UnsetVariable> UnsetVariables { get; }

    /// <summary>Guards the one-time creation of <see cref="Instance"/>.</summary>
    internal Lock Gate { get; } = new();

    /// <summary>The live object, once created.</summary>
    internal object? Instance;
}
