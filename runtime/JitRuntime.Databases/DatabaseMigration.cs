namespace JitRuntime.Databases;

/// <summary>
/// One versioned step of a module's tables. Each module (an element family) registers its own steps, with the SQL of
/// each engine it supports; the runtime applies the pending ones in version order, once, and records them.
/// </summary>
/// <param name="Module">The owner, such as <c>auths</c>.</param>
/// <param name="Version">1, 2, ...: applied in order, once.</param>
/// <param name="Sql">The statements of this step by engine (<c>sqlite</c>, <c>postgresql</c>).</param>
public sealed record DatabaseMigration(string Module, int Version, IReadOnlyDictionary<string, string> Sql)
{
    /// <summary>The statements for <paramref name="engine"/>.</summary>
    /// <exception cref="InvalidOperationException">The module has no SQL for that engine.</exception>
    public string SqlFor(string engine) => Sql.TryGetValue(engine, out var sql)
        ? sql
        : throw new InvalidOperationException($"migration {Module} v{Version} has no SQL for the {engine} engine; the module does not support it");
}
