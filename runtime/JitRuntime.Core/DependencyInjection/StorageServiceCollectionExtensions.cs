using JitRuntime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the app's SQLite database and the modules' migrations.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="AppDatabase"/>, configured from the <c>Database</c> section of <paramref name="configuration"/>
    /// (when given); a relative <c>Database:Path</c> is resolved against <see cref="AppDirectoryOptions.AppDirectory"/>.
    /// </summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AppDirectoryOptions>();
        var options = services.AddOptions<DatabaseOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(DatabaseOptions.SectionName));
        }

        options.PostConfigure<IOptions<AppDirectoryOptions>>((database, app) =>
            database.Path = Path.GetFullPath(database.Path, app.Value.AppDirectory));
        options.Validate(database => !string.IsNullOrWhiteSpace(database.Path), "Database:Path must name a file.")
            .Validate(database => database.BusyTimeout > TimeSpan.Zero, "Database:BusyTimeout must be positive.");
        services.AddLogging();
        services.TryAddSingleton<AppDatabase>();
        return services;
    }

    /// <summary>Registers one versioned migration step of <paramref name="module"/>.</summary>
    public static IServiceCollection AddDatabaseMigration(this IServiceCollection services, string module, int version, string sql)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new DatabaseMigration(module, version, sql));
        return services;
    }
}
