using System.Text;
using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// The session key never leaves the server and the appSecret is never logged or returned: run every method, good
/// and bad, then search every result, every exception, every log line and every byte of the database files.
/// </summary>
public sealed class SecretLeakTests
{
    [Fact]
    public async Task No_session_key_or_secret_appears_in_results_logs_exceptions_or_the_database()
    {
        await using var h = await LoginHarness.StartAsync();
        var seen = new StringBuilder();
        void Keep(object? value) => seen.AppendLine(JsonSerializer.Serialize(value)).AppendLine(value?.ToString());

        async Task Try(Func<Task<object>> call)
        {
            try
            {
                Keep(await call());
            }
            catch (ElementCallException ex)
            {
                seen.AppendLine(ex.ToString());
            }
        }

        await Try(async () => await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-leak", "union-leak")));
        var bind = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-leak-2"));
        Keep(bind);
        var registered = await h.Login.RegisterAsync(bind.BindCode!);
        Keep(registered);
        await Try(async () => await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-leak-2")));
        await Try(async () => await h.AuthSvc.LoginByCodeAsync(registered.LoginCode));
        await Try(async () => await h.Login.BindAsync(registered.UserId, h.WeChat.IssueCode("openid-leak-3")));
        await Try(async () => await h.Login.UnbindAsync(registered.UserId));
        await Try(async () => await h.Login.BindAsync(registered.UserId, h.WeChat.IssueCode("openid-leak-3")));
        await Try(async () => await h.Login.RegisterAsync(bind.BindCode!));
        await Try(async () => await h.Login.GetLoginCodeAsync(h.WeChat.ErrorCode(40029)));
        await Try(async () => await h.Login.GetLoginCodeAsync(h.WeChat.BusyThenSucceed(1, "openid-leak-4")));
        await Try(async () => await h.Login.DecryptDataAsync(registered.UserId, Convert.ToBase64String(new byte[32]), Convert.ToBase64String(new byte[16])));
        Keep(h.Login);
        Keep(h.Login.AuthConfig);

        var keys = h.WeChat.SessionKeysIssued;
        keys.Should().HaveCountGreaterThan(4);
        var results = seen.ToString();
        var logs = string.Join("\n", h.Logs.Lines);
        logs.Should().Contain("bindCode issued", "the capture must actually see the runtime's logs");
        var database = DatabaseBytes(h.DatabasePath);
        database.Length.Should().BeGreaterThan(0);

        foreach (var key in keys)
        {
            results.Should().NotContain(key);
            logs.Should().NotContain(key);
            ContainsBytes(database, Encoding.ASCII.GetBytes(key)).Should().BeFalse("the session key must be encrypted at rest");
            ContainsBytes(database, Convert.FromBase64String(key)).Should().BeFalse("not even as raw bytes");
        }

        foreach (var text in new[] { results, logs })
        {
            text.Should().NotContain(FakeWeChatServer.AppSecret);
        }

        ContainsBytes(database, Encoding.ASCII.GetBytes(FakeWeChatServer.AppSecret)).Should().BeFalse();
    }

    /// <summary>The database file plus its WAL and shared-memory files: recent writes live in the WAL.</summary>
    private static byte[] DatabaseBytes(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return new[] { path, path + "-wal", path + "-shm" }
            .Where(File.Exists)
            .SelectMany(p =>
            {
                using var stream = new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return memory.ToArray();
            })
            .ToArray();
    }

    private static bool ContainsBytes(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
