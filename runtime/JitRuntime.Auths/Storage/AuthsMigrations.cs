using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Auths.Storage;

/// <summary>
/// The auths module's tables. Uniqueness lives in the database, not only in checks before an insert: one user per
/// openid per appId per login element (the primary key of the bindings) and one binding per user per login element.
/// Times are Unix milliseconds (UTC).
/// </summary>
internal static class AuthsMigrations
{
    public const string Module = "auths";

    private const string V1 = """
        CREATE TABLE auth_users (
            user_id    INTEGER PRIMARY KEY AUTOINCREMENT,
            created_at INTEGER NOT NULL
        );

        CREATE TABLE auth_wechat_bindings (
            login_element TEXT    NOT NULL,
            app_id        TEXT    NOT NULL,
            open_id       TEXT    NOT NULL,
            union_id      TEXT,
            user_id       INTEGER NOT NULL REFERENCES auth_users (user_id) ON DELETE CASCADE,
            session_key   BLOB,              -- encrypted (Data Protection), never plain text
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            PRIMARY KEY (login_element, app_id, open_id),
            UNIQUE (login_element, user_id)
        );
        CREATE INDEX ix_auth_wechat_bindings_union ON auth_wechat_bindings (union_id) WHERE union_id IS NOT NULL;

        CREATE TABLE auth_codes (
            code_hash     BLOB    PRIMARY KEY, -- SHA-256 of the code; the code itself is never stored
            kind          TEXT    NOT NULL CHECK (kind IN ('bind', 'login')),
            login_element TEXT    NOT NULL,
            app_id        TEXT    NOT NULL,
            open_id       TEXT    NOT NULL,
            union_id      TEXT,
            user_id       INTEGER REFERENCES auth_users (user_id) ON DELETE CASCADE,
            session_key   BLOB,                -- bind codes carry the encrypted key until registration
            created_at    INTEGER NOT NULL,
            expires_at    INTEGER NOT NULL,
            used_at       INTEGER
        );
        CREATE INDEX ix_auth_codes_expires ON auth_codes (expires_at);

        CREATE TABLE auth_corps (
            corp_id   TEXT PRIMARY KEY,
            corp_name TEXT NOT NULL
        );

        CREATE TABLE auth_corp_members (
            corp_id TEXT    NOT NULL REFERENCES auth_corps (corp_id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES auth_users (user_id) ON DELETE CASCADE,
            PRIMARY KEY (corp_id, user_id)
        );
        CREATE INDEX ix_auth_corp_members_user ON auth_corp_members (user_id);

        CREATE TABLE auth_sessions (
            token_hash    BLOB    PRIMARY KEY,
            user_id       INTEGER NOT NULL REFERENCES auth_users (user_id) ON DELETE CASCADE,
            corp_id       TEXT,
            platform      TEXT    NOT NULL,
            login_element TEXT    NOT NULL,
            created_at    INTEGER NOT NULL,
            expires_at    INTEGER NOT NULL,
            revoked_at    INTEGER
        );
        CREATE INDEX ix_auth_sessions_user ON auth_sessions (user_id);
        """;

    public static IServiceCollection Register(IServiceCollection services) =>
        services.AddDatabaseMigration(Module, 1, V1);
}
