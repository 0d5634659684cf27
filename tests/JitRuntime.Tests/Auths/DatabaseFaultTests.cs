using System.Text.Json;
using Dapper;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Databases.Sqlite;
using JitRuntime.Tests.Fakes;
using static JitRuntime.Tests.Support.StorageFaults;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// Storage faults through the same dispatch as HTTP and <c>jit call</c>: each is a clear 503-kind error with its own
/// code, and once the fault clears the app works again without a restart.
/// </summary>
public sealed class DatabaseFaultTests
{
    private static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_corrupt_file_is_reported_and_a_restored_file_is_used_without_a_restart()
    {
        await using var h = await LoginHarness.StartAsync();
        await h.RegisterAsync("openid-before");
        DeleteDatabase(h.DatabasePath);
        await File.WriteAllBytesAsync(h.DatabasePath, new Random(7).GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 64 * 1024));

        await StorageFailure(() => GetLoginCode(h, "openid-during"), "database_corrupt");

        DeleteDatabase(h.DatabasePath); // the operator restores (here: removes) the file
        var result = (JitRuntime.Auths.LoginTypes.GetLoginCodeResult)(await GetLoginCode(h, "openid-after"))!;
        result.BindCode.Should().NotBeNull();
    }

    [Fact]
    public async Task A_database_deleted_while_serving_is_recreated_and_said_so()
    {
        await using var h = await LoginHarness.StartAsync();
        await h.RegisterAsync("openid-gone");

        DeleteDatabase(h.DatabasePath);
        var result = (JitRuntime.Auths.LoginTypes.GetLoginCodeResult)(await GetLoginCode(h, "openid-gone"))!;

        result.BindCode.Should().NotBeNull("the user was in the deleted file");
        File.Exists(h.DatabasePath).Should().BeTrue();
        h.Logs.Lines.Should().Contain(l => l.Contains("disappeared while in use", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lock_held_past_the_busy_timeout_is_reported_and_released_locks_are_fine()
    {
        await using var h = await LoginHarness.StartAsync(settings: new Dictionary<string, string?> { ["Database:BusyTimeout"] = "00:00:00.300" });
        await h.RegisterAsync("openid-lock");
        await using (var blocker = new SqliteConnection($"Data Source={h.DatabasePath};Pooling=False"))
        {
            await blocker.OpenAsync();
            await blocker.ExecuteAsync("BEGIN EXCLUSIVE");

            await StorageFailure(() => GetLoginCode(h, "openid-lock"), "database_busy");

            await blocker.ExecuteAsync("ROLLBACK");
        }

        var result = (JitRuntime.Auths.LoginTypes.GetLoginCodeResult)(await GetLoginCode(h, "openid-lock"))!;
        result.LoginCode.Should().NotBeNull();
    }

    [Fact]
    public async Task A_full_database_is_reported_as_full_and_reads_still_work()
    {
        await using var capped = await LoginHarness.StartAsync(settings: new Dictionary<string, string?> { ["Database:MaxPageCount"] = "60" });

        var error = await Record.ExceptionAsync(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                await capped.JitApp.InvokeAsync(LoginHarness.LoginName, "getLoginCode",
                    JsonSerializer.SerializeToElement(new { code = capped.WeChat.IssueCode($"openid-fill-{i}") }));
            }
        });

        error.Should().BeOfType<ElementCallException>().Which.Code.Should().Be("database_full");
        (await capped.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_codes")).Should().BePositive("what fit is still readable");
    }

    [Fact]
    public async Task A_read_only_database_is_reported_as_read_only()
    {
        await using var h = await LoginHarness.StartAsync();
        await h.RegisterAsync("openid-ro");
        SqliteConnection.ClearAllPools();

        // Root ignores file modes, so open the file the way a read-only mount does: SQLite's read-only mode.
        await using var readOnly = new SqliteConnection($"Data Source={h.DatabasePath};Mode=ReadOnly");
        await readOnly.OpenAsync();
        var act = () => readOnly.ExecuteAsync("INSERT INTO auth_users (created_at) VALUES (0)");
        var error = (await act.Should().ThrowAsync<SqliteException>()).Which;

        SqliteDatabase.Describe(error).Code.Should().Be("database_read_only");
    }
}
