using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Secrets;

/// <summary>
/// The secrets module's table: the Data Protection key ring, shared by every node of the app (one row per key, as XML).
/// It keeps the name it had when the auths family created it (auths v2, which stays as it shipped), so on a database
/// that has it this step finds it there.
/// </summary>
internal static class SecretsMigrations
{
    public const string Module = "secrets";

    private const string KeyRingV1 = """
        CREATE TABLE IF NOT EXISTS auth_data_protection_keys (
            friendly_name TEXT   PRIMARY KEY,
            xml           TEXT   NOT NULL,
            created_at    BIGINT NOT NULL
        );
        """;

    public static IServiceCollection Register(IServiceCollection services) => services.AddDatabaseMigration(Module, 1, _ => KeyRingV1);
}
