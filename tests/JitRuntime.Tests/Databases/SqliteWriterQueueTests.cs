using Dapper;
using JitRuntime.Databases;
using JitRuntime.Databases.Sqlite;
using JitRuntime.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace JitRuntime.Tests.Databases;

/// <summary>
/// SQLite's writers of one file take turns in the process (<see cref="IDatabase.EnterWriteAsync"/>) instead of sleeping
/// in SQLite's busy handler: one at a time across every handle of the file, and never a wait without end.
/// </summary>
public sealed class SqliteWriterQueueTests : IDisposable
{
    private readonly TempApp _app = new();

    public void Dispose() => _app.Dispose();

    private SqliteDatabase Open(string name, TimeSpan? busyTimeout = null) =>
        new(name, Path.Combine(_app.Directory, "data", "queue.db"), new DatabaseOptions { BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5) }, NullLogger.Instance);

    [Fact]
    public async Task Concurrent_writers_through_two_handles_of_one_file_write_one_at_a_time_and_all_commit()
    {
        Directory.CreateDirectory(Path.Combine(_app.Directory, "data"));
        using var first = Open("first");
        using var second = Open("second");
        await using (var setup = await first.OpenAsync())
        {
            await setup.ExecuteAsync("CREATE TABLE t (n INTEGER NOT NULL)");
        }

        var inside = 0;
        var most = 0;
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var database = i % 2 == 0 ? first : second;
            await using var connection = await database.OpenAsync();
            using var turn = await database.EnterWriteAsync();
            turn.Should().NotBeNull("each writer gets its turn well within the busy timeout");
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            await using var transaction = await database.BeginWriteAsync(connection);
            await connection.ExecuteAsync("INSERT INTO t (n) VALUES (@i)", new { i }, transaction);
            await Task.Delay(2);
            await transaction.CommitAsync();
            Interlocked.Decrement(ref inside);
        })));

        most.Should().Be(1, "the two handles of one file share one queue");
        await using var check = await first.OpenAsync();
        (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM t")).Should().Be(40);
    }

    [Fact]
    public async Task A_write_asked_for_while_its_own_flow_holds_one_is_refused_as_busy_rather_than_waiting_for_ever()
    {
        Directory.CreateDirectory(Path.Combine(_app.Directory, "data"));
        using var database = Open("busy", TimeSpan.FromMilliseconds(200));
        await using var holder = await database.OpenAsync();
        using var held = await database.EnterWriteAsync();
        await using var holding = await database.BeginWriteAsync(holder);
        await holder.ExecuteAsync("CREATE TABLE t (n INTEGER)", transaction: holding);

        await using var other = await database.OpenAsync();
        var second = async () =>
        {
            using var turn = await database.EnterWriteAsync();
            turn.Should().BeNull("the turn is not free within the busy timeout");
            await database.BeginWriteAsync(other);
        };

        var refused = (await second.Should().ThrowAsync<SqliteException>().WaitAsync(TimeSpan.FromSeconds(30))).Which;
        database.Fault(refused)!.Code.Should().Be("database_busy", "then SQLite's own lock answers, as it did without the queue");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
