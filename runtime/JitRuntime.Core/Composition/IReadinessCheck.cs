namespace JitRuntime.Composition;

/// <summary>
/// One thing a node needs before it is ready to serve (the default database answers, the key ring is usable): a family
/// registers its own (<c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IReadinessCheck, T&gt;())</c>) and a host
/// runs every registered check for its readiness probe (<c>/health/ready</c>), each bounded by the host's timeout.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>The check's name in the readiness answer (<c>database</c>, <c>key_ring</c>): stable, lower case.</summary>
    string Name { get; }

    /// <summary>
    /// Null when ready; otherwise a stable code (<c>database_unavailable</c>), never an exception's message, which can
    /// name hosts and users: the code is what the readiness answer shows.
    /// </summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken);
}
