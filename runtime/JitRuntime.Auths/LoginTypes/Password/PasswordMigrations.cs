using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Auths.LoginTypes.Password;

/// <summary>
/// The password login's own tables (module <c>auths.password</c>, which runs after <c>auths</c>): the hash beside each
/// login, deleted with it, and the failed attempts per username (known or not, so that a lockout says nothing about
/// whether a username exists).
/// </summary>
internal static class PasswordMigrations
{
    public const string Module = "auths.password";

    private const string V1 = """
        CREATE TABLE auth_password_logins (
            login_element TEXT   NOT NULL,
            subject       TEXT   NOT NULL,      -- the normalized username
            password_hash TEXT   NOT NULL,      -- ASP.NET Core Identity's PasswordHasher format (PBKDF2, salted); never the password
            changed_at    BIGINT NOT NULL,
            PRIMARY KEY (login_element, subject),
            FOREIGN KEY (login_element, subject) REFERENCES auth_logins (login_element, subject) ON DELETE CASCADE
        );

        CREATE TABLE auth_password_failures (
            login_element TEXT    NOT NULL,
            subject       TEXT    NOT NULL,
            failures      INTEGER NOT NULL,
            window_start  BIGINT  NOT NULL,
            PRIMARY KEY (login_element, subject)
        );
        CREATE INDEX ix_auth_password_failures_window ON auth_password_failures (window_start);
        """;

    public static IServiceCollection Register(IServiceCollection services) => services.AddDatabaseMigration(Module, 1, _ => V1);
}
