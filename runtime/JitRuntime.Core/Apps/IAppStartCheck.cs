namespace JitRuntime.Apps;

/// <summary>
/// A rule an element family checks before a host starts serving a loaded app (a key ring that must be protected, say).
/// Hosts run every registered check after the first load and before they listen; a check that throws
/// <see cref="Diagnostics.JitRuntimeException"/> stops the start, and its message is the reason shown.
/// </summary>
public interface IAppStartCheck
{
    /// <summary>Returns when the app may start; throws <see cref="Diagnostics.JitRuntimeException"/> with the reason otherwise.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}
