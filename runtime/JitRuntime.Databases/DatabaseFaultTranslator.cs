using JitRuntime.Calls;

namespace JitRuntime.Databases;

/// <summary>Maps a database engine's exception that escaped an element method to the default database's coded 503.</summary>
internal sealed class DatabaseFaultTranslator(AppDatabase database) : IElementFaultTranslator
{
    public ElementCallException? Translate(Exception exception) => database.Fault(exception);
}
