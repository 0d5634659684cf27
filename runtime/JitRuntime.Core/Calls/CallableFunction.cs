using JitRuntime.Elements;

namespace JitRuntime.Calls;

/// <summary>
/// One function a caller can reach: a function of a ready instance's effective functionList that its C# Type
/// implements. What HTTP serves, OpenAPI describes, MCP lists and <c>jit call</c> calls (<see cref="ElementDispatcher.Callable"/>).
/// </summary>
public sealed class CallableFunction
{
    internal CallableFunction(LoadedElement element, ElementFunction function, ElementMethod method)
    {
        Element = element;
        Function = function;
        Method = method;
    }

    /// <summary>The element (a ready instance).</summary>
    public LoadedElement Element { get; }

    /// <summary>The function as the element declares it (its effective args, title and <c>loginRequired</c>).</summary>
    public ElementFunction Function { get; }

    internal ElementMethod Method { get; }
}
