namespace JitRuntime.Calls;

/// <summary>
/// Told about every element method call once it has ended (the audit trail is one): the dispatch awaits it, and a
/// failing observer never changes the call's result. Registered in the app's services.
/// </summary>
public interface IElementCallObserver
{
    /// <summary>A call ended; <paramref name="record"/> says which, for whom, and how.</summary>
    Task OnCalledAsync(ElementCallRecord record, CancellationToken cancellationToken);
}
