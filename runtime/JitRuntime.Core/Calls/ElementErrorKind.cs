namespace JitRuntime.Calls;

/// <summary>What kind of failure an element method reports; hosts map it onto their protocol (HTTP statuses, exit codes).</summary>
public enum ElementErrorKind
{
    /// <summary>An argument is missing, malformed or out of bounds (HTTP 400).</summary>
    InvalidArgument,

    /// <summary>The method acts for a user and the caller presented no live session (HTTP 401).</summary>
    Unauthenticated,

    /// <summary>The caller's session belongs to another user than the one the call acts for (HTTP 403).</summary>
    Forbidden,

    /// <summary>Something the call names does not exist (HTTP 404): a user, a binding.</summary>
    NotFound,

    /// <summary>The call conflicts with the current state (HTTP 409): already bound, already used.</summary>
    Conflict,

    /// <summary>A code or token has expired (HTTP 410).</summary>
    Expired,

    /// <summary>The call is understood but refused by a rule (HTTP 422): registration closed, not a member.</summary>
    Refused,

    /// <summary>
    /// Too many attempts: refused until <see cref="ElementCallException.RetryAfter"/> has passed (HTTP 429 with
    /// <c>Retry-After</c>): a locked account, say.
    /// </summary>
    Throttled,

    /// <summary>An upstream service answered with an error (HTTP 502).</summary>
    UpstreamError,

    /// <summary>An upstream service is unavailable or rate-limiting (HTTP 503).</summary>
    UpstreamUnavailable,

    /// <summary>An upstream service did not answer in time (HTTP 504).</summary>
    UpstreamTimeout,

    /// <summary>The app's own storage failed: read-only, locked, corrupt, full (HTTP 503).</summary>
    StorageUnavailable,
}
