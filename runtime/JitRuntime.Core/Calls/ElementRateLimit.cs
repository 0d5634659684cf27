namespace JitRuntime.Calls;

/// <summary>How a host limits remote calls of a function; a property of the function, declared by its Type.</summary>
public enum ElementRateLimit
{
    /// <summary>Per client address: for functions anyone may call (logins), where the address is all there is to go on.</summary>
    PerClient,

    /// <summary>Per session token: for <c>loginRequired</c> functions, so users behind one address do not share a budget.</summary>
    PerSession,

    /// <summary>Not limited by the host.</summary>
    None,
}
