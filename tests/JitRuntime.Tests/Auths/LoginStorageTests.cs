using Dapper;
using JitRuntime.Auths.Security;
using JitRuntime.Auths.WeChat;
using JitRuntime.Databases;
using JitRuntime.Databases.Sqlite;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Auths;

/// <summary>The SQLite side: versioned migrations, WAL, uniqueness enforced by the database, keys encrypted at rest.</summary>
public sealed class LoginStorageTests
{
    [Fact]
    public async Task The_schema_is_created_once_versioned_and_in_WAL_mode()
    {
        await using var h = await LoginHarness.StartAsync();
        await h.RegisterAsync("openid-1");

        (await h.QueryScalarAsync<string>("PRAGMA journal_mode")).Should().Be("wal");
        (await h.QueryScalarAsync<long>("SELECT MAX(version) FROM schema_migrations WHERE module = 'auths'")).Should().Be(7);
        (await h.QueryScalarAsync<long>("PRAGMA busy_timeout")).Should().Be(5000);

        // A second database handle on the same file (a restarted host) applies nothing again and sees the data.
        using var reopened = new SqliteDatabase("reopened", h.DatabasePath, new DatabaseOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await reopened.MigrateAsync(h.Database.Migrations);
        await using var connection = await reopened.OpenAsync();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE module = 'auths'")).Should().Be(7);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE module = 'secrets'")).Should().Be(1, "the key ring's table is the secrets module's");
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_users")).Should().Be(1);
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_user_for_one_openid_and_a_second_binding_for_one_user()
    {
        await using var h = await LoginHarness.StartAsync();
        var userId = await h.RegisterAsync("openid-unique");
        await using var connection = await h.Database.OpenAsync();
        var other = await connection.ExecuteScalarAsync<long>("INSERT INTO auth_users (created_at) VALUES (0) RETURNING user_id");

        var sameOpenId = () => connection.ExecuteAsync(
            "INSERT INTO auth_logins (login_element, subject, user_id, created_at, updated_at) VALUES (@e, 'openid-unique', @other, 0, 0)",
            new { e = LoginHarness.LoginName, other });
        var secondBinding = () => connection.ExecuteAsync(
            "INSERT INTO auth_logins (login_element, subject, user_id, created_at, updated_at) VALUES (@e, 'openid-other', @userId, 0, 0)",
            new { e = LoginHarness.LoginName, userId });

        (await sameOpenId.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(SQLitePCL.raw.SQLITE_CONSTRAINT);
        (await secondBinding.Should().ThrowAsync<SqliteException>()).Which.SqliteErrorCode.Should().Be(SQLitePCL.raw.SQLITE_CONSTRAINT);
    }

    [Fact]
    public async Task Session_keys_are_stored_encrypted_and_decrypt_to_the_key_WeChat_sent()
    {
        await using var h = await LoginHarness.StartAsync();
        var code = h.WeChat.IssueCode("openid-keys");
        var bind = await h.Login.GetLoginCodeAsync(code);
        var userId = (await h.Login.RegisterAsync(bind.BindCode!)).UserId;

        var stored = await h.QueryScalarAsync<byte[]>("SELECT w.session_key FROM auth_wechat_logins w JOIN auth_logins l ON l.login_element = w.login_element AND l.subject = w.open_id WHERE l.user_id = @userId", new { userId });

        stored.Length.Should().BeGreaterThan(32);
        var protector = h.Services.GetRequiredService<SessionKeyProtector>();
        protector.Unprotect(stored)!.Value.Should().Be(h.WeChat.SessionKeyOf(code));
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_data_protection_keys")).Should().BePositive(
            "the Data Protection key ring is kept in the app's database, for every node");
        Directory.Exists(Path.Combine(Path.GetDirectoryName(h.DatabasePath)!, "keys")).Should().BeFalse("no key is written beside the database any more");
        protector.Unprotect([1, 2, 3]).Should().BeNull();
        new WeChatSessionKey("x").ToString().Should().Be("***");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_new_database_file_and_folder_are_readable_by_their_owner_only()
    {
        await using var h = await LoginHarness.StartAsync();
        await h.RegisterAsync("openid-modes");

        File.GetUnixFileMode(Path.GetDirectoryName(h.DatabasePath)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.GetUnixFileMode(h.DatabasePath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(h.DatabasePath + "-wal").Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, "SQLite gives the WAL the file's mode");
    }
}
