using JitRuntime.Calls;
using JitRuntime.Databases;
using JitRuntime.Databases.PostgreSql;
using JitRuntime.Databases.Sqlite;
using JitRuntime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the databases element family and the app's default database.</summary>
public static class DatabasesServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>databases.Meta</c>, <c>databases.SqliteType</c> and <c>databases.PgSqlType</c>, and
    /// <see cref="AppDatabase"/>: the element <c>settings.defaultElement.defaultDatabase</c> names, or the implicit SQLite
    /// file configured in the <c>Database</c> section (a relative <c>Database:Path</c> is resolved against
    /// <see cref="AppDirectoryOptions.AppDirectory"/>).
    /// </summary>
    public static IServiceCollection AddDatabaseElements(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(service => service.ServiceType == typeof(AppDatabase)))
        {
            return services; // Families that need a database add this family too; register it once.
        }

        services.AddDatabaseElementTypes();
        services.AddOptions<AppDirectoryOptions>();
        var options = services.AddOptions<DatabaseOptions>();
        var defaults = services.AddOptions<DefaultElementOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(DatabaseOptions.SectionName));
            defaults.Bind(configuration.GetSection(DefaultElementOptions.SectionName));
        }

        options.PostConfigure<IOptions<AppDirectoryOptions>>((database, app) =>
            database.Path = Path.GetFullPath(database.Path, app.Value.AppDirectory));
        options.Validate(database => !string.IsNullOrWhiteSpace(database.Path), "Database:Path must name a file.")
            .Validate(database => database.BusyTimeout > TimeSpan.Zero, "Database:BusyTimeout must be positive.");
        services.AddLogging();
        services.TryAddSingleton<AppDatabase>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IElementFaultTranslator, DatabaseFaultTranslator>());

        // A node is ready when the default database answers; at start it is connected to (and migrated) in the background.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<JitRuntime.Composition.IReadinessCheck, DatabaseReadinessCheck>());
        services.AddHostedService<DatabaseStartupCheck>();
        return services;
    }

    /// <summary>
    /// Registers only what loading and validating an app needs of this family: <c>databases.Meta</c>, its Types and the
    /// <c>settings.defaultElement.defaultDatabase</c> reference; not the database services its elements run on.
    /// </summary>
    public static IServiceCollection AddDatabaseElementTypes(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(service => service.ImplementationInstance is JitRuntime.Types.ElementTypeDescriptor { Name: IDatabase.MetaName }))
        {
            return services; // Every family that needs a database adds these; register them once.
        }

        services.AddElementFamily("databases", typeof(IDatabase).Assembly);
        services.AddElementMeta<IDatabase>();
        services.AddElementType<SqliteType>();
        services.AddElementType<PgSqlType>();
        services.AddElementReferenceSetting(DefaultElementOptions.DefaultDatabasePath, IDatabase.MetaName);
        return services;
    }

    /// <summary>
    /// Registers one versioned migration step of <paramref name="module"/>, written once against the dialect
    /// (<c>d =&gt; $"CREATE TABLE t (id {d.IdentityKey}, hash {d.Binary})"</c>): every engine runs it.
    /// </summary>
    public static IServiceCollection AddDatabaseMigration(this IServiceCollection services, string module, int version, Func<JitRuntime.Databases.Sql.SqlDialect, string> sql)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(module);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentNullException.ThrowIfNull(sql);
        services.AddSingleton(new DatabaseMigration(module, version, sql));
        return services;
    }

    /// <summary>
    /// Registers one versioned migration step of <paramref name="module"/> with its SQL for each engine it supports
    /// (keyed by <see cref="IDatabase.Engine"/>); a database of another engine refuses to migrate, naming the step.
    /// </summary>
    public static IServiceCollection AddDatabaseMigration(this IServiceCollection services, string module, int version,
        IReadOnlyDictionary<string, string> sqlByEngine)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(module);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        services.AddSingleton(new DatabaseMigration(module, version, sqlByEngine));
        return services;
    }
}
