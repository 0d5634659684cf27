using System.Xml.Linq;
using Dapper;
using JitRuntime.Databases.Sql;
using JitRuntime.Calls;
using JitRuntime.Databases;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Secrets;

/// <summary>
/// Keeps the Data Protection key ring in the app's default database, so that every node of an app decrypts what any
/// node encrypted, and a node restarted from another folder still reads its old session keys. On first use it imports
/// the keys an earlier version kept in a <c>keys/</c> folder beside the SQLite file, so nothing stored before is lost.
/// </summary>
/// <remarks>Data Protection's repository contract is synchronous; it is called when the key ring is (re)loaded, not per call.</remarks>
internal sealed partial class DatabaseXmlRepository(AppDatabase database, KeyRingProtection protection, string? legacyKeyFolder, TimeProvider time,
    ILogger<DatabaseXmlRepository> logger) : IXmlRepository
{
    private int _importChecked;

    /// <inheritdoc />
    public IReadOnlyCollection<XElement> GetAllElements() => Coded(() =>
    {
        ImportLegacyKeysOnce();
        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        return connection.Query<string>("SELECT xml FROM auth_data_protection_keys ORDER BY created_at, friendly_name")
            .Select(xml => XElement.Parse(xml)).ToList();
    });

    /// <inheritdoc />
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);

        // The host refuses to start in this case; this also holds for every other way in (jit call, scripts).
        if (protection.Refusal() is { } refusal)
        {
            throw new ElementCallException(ElementErrorKind.StorageUnavailable, "key_ring_unprotected", refusal);
        }

        Coded(() =>
        {
            using var connection = database.OpenAsync().GetAwaiter().GetResult();
            Insert(connection, friendlyName, element.ToString(SaveOptions.DisableFormatting));
            return 0;
        });
    }

    /// <summary>A database failure leaves here as the database's coded error, so the caller learns the real cause.</summary>
    private T Coded<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not ElementCallException && database.Fault(ex) is { } coded)
        {
            throw coded;
        }
    }

    private static readonly SqlStatement InsertKey = new(d => d.InsertOrIgnore(
        "auth_data_protection_keys", "friendly_name, xml, created_at", "VALUES (@friendlyName, @xml, @now)", conflictTarget: "friendly_name"));

    private void Insert(System.Data.IDbConnection connection, string friendlyName, string xml) =>
        connection.Execute(InsertKey.For(connection), new { friendlyName, xml, now = time.GetUtcNow().ToUnixTimeMilliseconds() });

    private void ImportLegacyKeysOnce()
    {
        if (legacyKeyFolder is null || !Directory.Exists(legacyKeyFolder) || Interlocked.Exchange(ref _importChecked, 1) != 0)
        {
            return;
        }

        using var connection = database.OpenAsync().GetAwaiter().GetResult();
        var imported = 0;
        foreach (var file in Directory.EnumerateFiles(legacyKeyFolder, "*.xml").Order(StringComparer.Ordinal))
        {
            Insert(connection, Path.GetFileNameWithoutExtension(file), XElement.Load(file).ToString(SaveOptions.DisableFormatting));
            imported++;
        }

        if (imported > 0)
        {
            LogImported(imported, legacyKeyFolder);
        }
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Information,
        Message = "Imported {Count} Data Protection keys from {Folder} into the app's database; the folder is no longer used and may be deleted once every node runs this version")]
    private partial void LogImported(int count, string folder);
}
