namespace JitRuntime.Calls;

/// <summary>The coded errors the dispatch itself raises, in one place so that their codes and words stay the same everywhere.</summary>
public static class ElementCallErrors
{
    /// <summary>A <c>loginRequired</c> function was called without a session (401 <c>authentication_required</c>).</summary>
    /// <param name="sessionSource">Where a session token comes from (<see cref="IElementCallerAuthenticator.SessionSource"/>), said in the message when known.</param>
    public static ElementCallException AuthenticationRequired(string? sessionSource = null) => new(ElementErrorKind.Unauthenticated, "authentication_required",
        "this function requires login: send a session token as 'Authorization: Bearer <token>'" + (sessionSource is null ? "" : $" (from {sessionSource})"));

    /// <summary>The token is not a live session (401 <c>session_invalid</c>).</summary>
    public static ElementCallException SessionInvalid() => new(ElementErrorKind.Unauthenticated, "session_invalid",
        "the session token is unknown, expired or logged out; log in again");

    /// <summary>The function is not in the element's functionList (404 <c>method_not_found</c>).</summary>
    public static ElementCallException FunctionNotFound(string fullName, string function, IEnumerable<string> callable)
    {
        var names = callable.ToList();
        return new ElementCallException(ElementErrorKind.NotFound, "method_not_found",
            $"element '{fullName}' has no callable function '{Elements.ElementName.ForDisplay(function)}'" +
            (names.Count > 0 ? $"; its functionList has: {string.Join(", ", names)}" : "; its functionList is empty"));
    }

    /// <summary>The element is a Type (a template its instances are made from), not an instance (404 <c>element_not_callable</c>).</summary>
    public static ElementCallException TypeNotCallable(string fullName) => new(ElementErrorKind.NotFound, "element_not_callable",
        $"element '{fullName}' is a Type (a template for instances) and exposes no functions; call an element whose type it is");

    /// <summary>An argument is unknown, missing, mistyped or too long (400 <c>invalid_arguments</c>).</summary>
    public static ElementCallException InvalidArguments(string message) => new(ElementErrorKind.InvalidArgument, "invalid_arguments", message);
}
