using JitRuntime.Elements;
using JitRuntime.Storage;
using JitRuntime.Types;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JitRuntime.Databases.Sqlite;

/// <summary>
/// <c>databases.SqliteType</c>: an embedded SQLite database file, for an app on one machine. Its configuration names
/// the file relative to the app folder (<c>Default.json</c>: <c>{"dbType": "sqlite", "dbConfig": {"database": "data/app.db"}}</c>).
/// </summary>
[ElementType(TypeName, Meta = IDatabase.MetaName, ConfigurationSchema = TypeName + ".config.schema.json")]
public sealed class SqliteType : SqliteDatabase
{
    /// <summary>The Type's fullName.</summary>
    public const string TypeName = "databases.SqliteType";

    /// <summary>Binds the element's configuration; the app folder and SQLite defaults come from the host.</summary>
    /// <remarks>Logs under <see cref="SqliteDatabase"/>'s category, as the implicit database does.</remarks>
    public SqliteType(ElementContext context, IOptions<AppDirectoryOptions> app, IOptions<DatabaseOptions> defaults, ILogger<SqliteDatabase> logger)
        : base(
            context?.FullName ?? throw new ArgumentNullException(nameof(context)),
            Path.GetFullPath(context.Bind<SqliteSettings>().DbConfig.Database, (app ?? throw new ArgumentNullException(nameof(app))).Value.AppDirectory),
            (defaults ?? throw new ArgumentNullException(nameof(defaults))).Value,
            logger)
    {
    }
}
