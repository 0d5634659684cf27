namespace JitRuntime.Types;

/// <summary>A C# type registered under a fullName, with the schemas its elements are checked against.</summary>
/// <param name="Name">The fullName an element's <c>type</c> uses (<c>auths.loginTypes.WeChatMiniType</c>).</param>
/// <param name="Kind">Meta or Type.</param>
/// <param name="ClrType">For a Meta, the contract (usually an interface) every member implements; for a Type, the class instantiated.</param>
/// <param name="MetaName">For a Type, the Meta it belongs to; null for a Meta.</param>
/// <param name="DeclarationSchema">Schema file (in <c>schemas/</c>) for <c>e.json</c>; null means <see cref="Schemas.SchemaStore.ElementSchemaFile"/>.</param>
/// <param name="ConfigurationSchema">Schema file for the business configuration; null when the type takes none.</param>
public sealed record ElementTypeDescriptor(
    string Name,
    ElementKind Kind,
    Type ClrType,
    string? MetaName = null,
    string? DeclarationSchema = null,
    string? ConfigurationSchema = null);
