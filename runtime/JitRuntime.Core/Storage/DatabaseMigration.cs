namespace JitRuntime.Storage;

/// <summary>
/// One versioned step of a module's tables. Each module (an element family) registers its own steps; the runtime
/// applies the pending ones, in version order, each in its own transaction, and records them.
/// </summary>
/// <param name="Module">The owner, such as <c>auths</c>.</param>
/// <param name="Version">1, 2, ...: applied in order, once.</param>
/// <param name="Sql">The statements of this step.</param>
public sealed record DatabaseMigration(string Module, int Version, string Sql);
