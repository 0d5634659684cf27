namespace JitRuntime.Elements;

/// <summary>
/// What an element on disk is. JitAi's naming decides, so that an element never changes role because another element
/// starts or stops naming it: a folder whose name ends in <c>Type</c> (<c>company.OpenWeChatType</c>) is a Type
/// element, a template other elements name as their <c>type</c>; every other element is an instance.
/// </summary>
public enum ElementRole
{
    /// <summary>An instance: its functionList is callable.</summary>
    Instance,

    /// <summary>A Type element: it supplies defaults to its instances and exposes no functions itself.</summary>
    Type,
}
