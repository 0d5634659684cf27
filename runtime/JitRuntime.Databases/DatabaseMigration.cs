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
    /// <summary>A step written once against the dialect (its key and binary types, ...): every engine with a dialect runs it.</summary>
    public DatabaseMigration(string module, int version, Func<Sql.SqlDialect, string> build)
        : this(module, version, new Dictionary<string, string>(StringComparer.Ordinal))
    {
        Build = build;
    }

    /// <summary>The step's SQL built from a dialect, for steps written once; null for steps written per engine.</summary>
    public Func<Sql.SqlDialect, string>? Build { get; }

    /// <summary>The step's SQL for <paramref name="dialect"/>'s engine: its own text when the step names the engine, else the step built from the dialect.</summary>
    /// <exception cref="InvalidOperationException">The step was written per engine and not for this one.</exception>
    public string SqlFor(Sql.SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return Sql.TryGetValue(dialect.Engine, out var sql) ? sql
            : Build is { } build ? build(dialect)
            : throw new InvalidOperationException($"migration {Module} v{Version} has no SQL for the {dialect.Engine} engine; the module does not support it");
    }
}
