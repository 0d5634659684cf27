using System.Text;
using System.Text.Json;
using JitRuntime.Auths.LoginTypes.Password;
using JitRuntime.Calls;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// <c>auths.loginTypes.PasswordType</c> on the shared login flow, with the real hasher and a real database: register,
/// log in, lockout, no user enumeration, updatePassword, bind and unbind, and accounts shared with WeChat both ways.
/// </summary>
public abstract class PasswordLoginTests(DatabaseEngine engine)
{
    public const string PasswordName = "auths.loginTypes.passwordLogin";
    private const string Secret = "correct horse battery staple";

    /// <summary>An app with a password login element beside the harness's WeChat login and AuthSvc.</summary>
    public static TempApp PasswordApp(int allowRegister = 1, string extra = "", TempApp? app = null)
    {
        app ??= new TempApp();
        app.Element("auths/loginTypes/passwordLogin", $$"""
            { "title": "Password", "type": "auths.loginTypes.PasswordType", "backendBundleEntry": ".", "allowRegister": {{allowRegister}}{{extra}} }
            """);
        return app;
    }

    private async Task<LoginHarness> StartAsync(int allowRegister = 1, string extra = "") =>
        await LoginHarness.StartAsync(engine, app: PasswordApp(allowRegister, extra));

    private static PasswordType Password(LoginHarness h) => h.JitApp.GetElement<PasswordType>(PasswordName);

    private static ElementCaller SessionOf(long userId) => ElementCaller.Remote("a-session-token", "127.0.0.1").WithUser(userId);

    private static async Task<string> CodeOf(Func<Task> call) => (await call.Should().ThrowAsync<ElementCallException>()).Which.Code;

    [Fact]
    public async Task A_user_registers_with_a_username_and_password_and_logs_in_with_them_to_a_session()
    {
        await using var h = await StartAsync();

        var registered = await Password(h).RegisterAsync("Alice", Secret);
        registered.UserId.Should().BePositive();
        registered.Linked.Should().BeNull();
        (await h.AuthSvc.LoginByCodeAsync(registered.LoginCode)).UserId.Should().Be(registered.UserId);

        var login = await Password(h).GetLoginCodeAsync("alice", Secret);
        login.LoginCode.Should().HaveLength(43, "usernames are compared regardless of case");
        login.BindCode.Should().BeNull();
        login.CorpList.Should().BeEmpty();
        var session = await h.AuthSvc.LoginByCodeAsync(login.LoginCode!, platform: "web");
        session.UserId.Should().Be(registered.UserId);
        session.LoginElement.Should().Be(PasswordName);
        (await CodeOf(() => h.AuthSvc.LoginByCodeAsync(login.LoginCode!))).Should().Be("login_code_used", "the loginCode is redeemed as every login type's is");
    }

    [Fact]
    public async Task An_unknown_username_and_a_wrong_password_get_the_same_answer_after_the_same_hash_work()
    {
        var app = PasswordApp();
        var hasher = new CountingHasher();
        await using var h = await LoginHarness.StartAsync(engine, app: app, configure: s => s.AddSingleton<IPasswordHasher<PasswordType>>(hasher));
        await Password(h).RegisterAsync("bob", Secret);

        var before = hasher.Verifications;
        var wrong = await Record(() => Password(h).GetLoginCodeAsync("bob", "not the password"));
        hasher.Verifications.Should().Be(before + 1);
        var unknown = await Record(() => Password(h).GetLoginCodeAsync("nobody-here", "not the password"));
        hasher.Verifications.Should().Be(before + 2, "an unknown username is checked against a decoy hash, so it costs what a known one does");

        wrong.Should().Be(unknown);
        wrong.Should().Be("Unauthenticated invalid_credentials: the username or the password is wrong");

        static async Task<string> Record(Func<Task> call)
        {
            var error = (await call.Should().ThrowAsync<ElementCallException>()).Which;
            return $"{error.Kind} {error.Code}: {error.Message}";
        }
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_username_for_the_window_and_a_right_one_resets_the_count()
    {
        await using var h = await StartAsync();
        var userId = (await Password(h).RegisterAsync("carol", Secret)).UserId;

        for (var i = 0; i < 4; i++)
        {
            (await CodeOf(() => Password(h).GetLoginCodeAsync("carol", "wrong password " + i))).Should().Be("invalid_credentials");
        }

        (await Password(h).GetLoginCodeAsync("carol", Secret)).LoginCode.Should().NotBeNull("four failures do not lock");
        for (var i = 0; i < 5; i++)
        {
            (await CodeOf(() => Password(h).GetLoginCodeAsync("carol", "wrong password " + i))).Should().Be("invalid_credentials", "the right password reset the count");
        }

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var locked = (await ((Func<Task>)(() => Password(h).GetLoginCodeAsync("CAROL", Secret))).Should().ThrowAsync<ElementCallException>()).Which;
        locked.Code.Should().Be("account_locked", "even the right password is refused while locked");
        locked.Kind.Should().Be(ElementErrorKind.Throttled);
        locked.RetryAfter.Should().BeCloseTo(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1), "the window began at the first failure, 15 minutes long");
        (await CodeOf(() => Password(h).UpdatePasswordAsync(userId, Secret, "a new password", SessionOf(userId)))).Should().Be("account_locked");

        h.Clock.Advance(TimeSpan.FromMinutes(10));
        (await Password(h).GetLoginCodeAsync("carol", Secret)).LoginCode.Should().NotBeNull("the window passed");
    }

    [Fact]
    public async Task An_unknown_username_is_locked_like_a_known_one_so_a_lockout_tells_nothing()
    {
        await using var h = await StartAsync(extra: """, "lockout": { "maxFailures": 2, "windowMinutes": 1 }""");

        for (var i = 0; i < 2; i++)
        {
            (await CodeOf(() => Password(h).GetLoginCodeAsync("ghost", "wrong password"))).Should().Be("invalid_credentials");
        }

        (await CodeOf(() => Password(h).GetLoginCodeAsync("ghost", "wrong password"))).Should().Be("account_locked", "the declared lockout applies");
    }

    [Fact]
    public async Task Usernames_and_passwords_are_checked_and_a_username_is_unique_regardless_of_case()
    {
        await using var h = await StartAsync();
        foreach (var (username, password) in new[] { ("ab", Secret), (new string('u', 65), Secret), (" padded", Secret), ("tab\tname", Secret),
                     ("dave", "short"), ("dave", new string('p', 129)), ("dave", "\ud800 lone surrogate"), ("Dave1234", "dave1234") })
        {
            (await CodeOf(() => Password(h).RegisterAsync(username, password))).Should().Be("invalid_argument", $"{username} / {password.Length} characters");
        }

        (await Password(h).RegisterAsync("Dave", "ünïcödé and spaces are fine")).UserId.Should().BePositive();
        (await CodeOf(() => Password(h).RegisterAsync("DAVE", Secret))).Should().Be("username_taken");
        (await CodeOf(() => Password(h).GetLoginCodeAsync("dave", new string('p', 129)))).Should().Be("invalid_argument", "no hash is computed for an unbounded input");
    }

    [Fact]
    public async Task Register_is_refused_when_registration_is_closed()
    {
        await using var h = await StartAsync(allowRegister: 0);
        var before = await h.SnapshotAsync();

        (await CodeOf(() => Password(h).RegisterAsync("erin", Secret))).Should().Be("registration_closed");

        (await h.SnapshotAsync()).Should().Be(before);
    }

    [Fact]
    public async Task UpdatePassword_needs_the_old_password_and_the_users_own_session()
    {
        await using var h = await StartAsync();
        var userId = (await Password(h).RegisterAsync("frank", Secret)).UserId;
        var other = (await Password(h).RegisterAsync("grace", Secret)).UserId;

        (await CodeOf(() => Password(h).UpdatePasswordAsync(userId, Secret, "a new password", SessionOf(other)))).Should().Be("forbidden");
        (await CodeOf(() => Password(h).UpdatePasswordAsync(userId, "not the password", "a new password", SessionOf(userId)))).Should().Be("invalid_credentials");
        (await CodeOf(() => Password(h).UpdatePasswordAsync(userId, Secret, "FRANK", SessionOf(userId)))).Should().Be("invalid_argument");

        (await Password(h).UpdatePasswordAsync(userId, Secret, "a new password", SessionOf(userId))).Success.Should().BeTrue();

        (await CodeOf(() => Password(h).GetLoginCodeAsync("frank", Secret))).Should().Be("invalid_credentials");
        var login = await Password(h).GetLoginCodeAsync("frank", "a new password");
        (await h.AuthSvc.LoginByCodeAsync(login.LoginCode!)).UserId.Should().Be(userId);
        (await CodeOf(() => Password(h).UpdatePasswordAsync(other + 100, Secret, "a new password", SessionOf(other + 100)))).Should().Be("not_bound");
    }

    [Fact]
    public async Task A_WeChat_user_adds_a_password_with_bind_and_logs_in_with_it_as_the_same_user_until_unbind()
    {
        await using var h = await StartAsync(allowRegister: 0);
        var userId = await h.RegisterAsync("openid-wechat-first");
        var someoneElse = await h.RegisterAsync("openid-someone-else");

        (await CodeOf(() => Password(h).BindAsync(userId, "heidi", Secret, SessionOf(someoneElse)))).Should().Be("forbidden");
        (await Password(h).BindAsync(userId, "heidi", Secret, SessionOf(userId))).Success.Should().BeTrue();
        (await CodeOf(() => Password(h).BindAsync(userId, "heidi-two", Secret, SessionOf(userId)))).Should().Be("already_bound");
        (await CodeOf(() => Password(h).BindAsync(someoneElse, "HEIDI", Secret, SessionOf(someoneElse)))).Should().Be("username_taken");

        var login = await Password(h).GetLoginCodeAsync("heidi", Secret);
        (await h.AuthSvc.LoginByCodeAsync(login.LoginCode!)).UserId.Should().Be(userId, "the password logs the WeChat user in");
        (await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-wechat-first"))).LoginCode.Should().NotBeNull("WeChat still logs them in");

        await Password(h).UnbindAsync(userId, SessionOf(userId));
        (await CodeOf(() => Password(h).GetLoginCodeAsync("heidi", Secret))).Should().Be("invalid_credentials");
        (await CodeOf(() => Password(h).UnbindAsync(userId, SessionOf(userId)))).Should().Be("not_bound");
        (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_password_logins")).Should().Be(0, "the password's hash went with its login");
    }

    [Fact]
    public async Task A_password_user_binds_WeChat_with_their_session_and_the_next_WeChat_login_is_theirs()
    {
        await using var h = await StartAsync();
        var userId = (await Password(h).RegisterAsync("ivan", Secret)).UserId;

        await h.Login.BindAsync(userId, h.WeChat.IssueCode("openid-ivan"), SessionOf(userId));

        var login = await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-ivan"));
        login.BindCode.Should().BeNull();
        (await h.AuthSvc.LoginByCodeAsync(login.LoginCode!)).UserId.Should().Be(userId);
        (await Password(h).GetLoginCodeAsync("ivan", Secret)).LoginCode.Should().NotBeNull();
    }

    [Fact]
    public async Task A_hash_made_with_weaker_parameters_is_replaced_at_the_next_login()
    {
        await using var h = await StartAsync();
        await Password(h).RegisterAsync("judy", Secret);
        var weak = new PasswordHasher<PasswordType>(Options.Create(new PasswordHasherOptions { IterationCount = 1_000 })).HashPassword(Password(h), Secret);
        await using (var connection = await h.Database.OpenAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE auth_password_logins SET password_hash = @weak", new { weak });
        }

        (await Password(h).GetLoginCodeAsync("judy", Secret)).LoginCode.Should().NotBeNull();

        var stored = await h.QueryScalarAsync<string>("SELECT password_hash FROM auth_password_logins");
        stored.Should().NotBe(weak);
        new PasswordHasher<PasswordType>().VerifyHashedPassword(Password(h), stored, Secret).Should().Be(PasswordVerificationResult.Success);
        (await Password(h).GetLoginCodeAsync("judy", Secret)).LoginCode.Should().NotBeNull();
    }

    [Fact]
    public async Task The_password_is_in_no_log_answer_audit_row_exception_or_database_row()
    {
        await using var h = await StartAsync();
        const string username = "kim-secret-check";
        const string password = "Pa55word-that-must-never-leak";
        const string newPassword = "An0ther-that-must-never-leak";
        var answers = new List<string>();
        async Task Call(string function, object arguments, ElementCaller? caller = null)
        {
            try
            {
                var result = await h.JitApp.InvokeAsync(PasswordName, function, JsonSerializer.SerializeToElement(arguments), caller);
                answers.Add(JsonSerializer.Serialize(result, ElementJson.Options));
            }
            catch (ElementCallException ex)
            {
                answers.Add(ex.ToString() + JsonSerializer.Serialize(ex.Extensions));
            }
        }

        await Call("register", new { username, password });
        var registered = JsonDocument.Parse(answers[0]).RootElement;
        var userId = registered.GetProperty("userId").GetInt64();
        var token = (await h.AuthSvc.LoginByCodeAsync(registered.GetProperty("loginCode").GetString()!)).Token;
        await Call("getLoginCode", new { username, password });
        await Call("getLoginCode", new { username, password = password + "x" });
        await Call("getLoginCode", new { username = "kim-unknown", password });
        await Call("updatePassword", new { userId, oldPassword = password, newPassword }, ElementCaller.Remote(token, "127.0.0.1"));
        await Call("register", new { username, password = newPassword });
        await Call("register", new { username = password, password = newPassword });

        var audit = await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_audit");
        audit.Should().BeGreaterThanOrEqualTo(4, "registrations, refusals and the change are audited");
        var rows = new StringBuilder();
        await using (var connection = await h.Database.OpenAsync())
        {
            foreach (var table in new[] { "auth_audit", "auth_logins", "auth_password_logins", "auth_password_failures", "auth_codes", "auth_users" })
            {
                foreach (IDictionary<string, object?> row in await Dapper.SqlMapper.QueryAsync(connection, $"SELECT * FROM {table}"))
                {
                    rows.AppendJoin('|', row.Values.Select(v => v is byte[] bytes ? Encoding.UTF8.GetString(bytes) : v?.ToString())).AppendLine();
                }
            }
        }

        var everything = string.Join("\n", h.Logs.Lines) + string.Join("\n", answers) + rows;
        if (engine == DatabaseEngine.Sqlite)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            everything += Encoding.UTF8.GetString(await File.ReadAllBytesAsync(h.DatabasePath));
            var wal = h.DatabasePath + "-wal";
            everything += File.Exists(wal) ? Encoding.UTF8.GetString(await File.ReadAllBytesAsync(wal)) : "";
        }

        everything.Should().NotContain(password).And.NotContain(newPassword);
        everything.Should().Contain("invalid_credentials").And.Contain("password_changed", "the search covers the answers and the audit rows");
    }

    /// <summary>Identity's hasher, counting how often a password is checked.</summary>
    private sealed class CountingHasher : IPasswordHasher<PasswordType>
    {
        private readonly PasswordHasher<PasswordType> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(PasswordType user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PasswordType user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

/// <summary>The suite on the implicit SQLite database.</summary>
public sealed class SqlitePasswordLoginTests() : PasswordLoginTests(DatabaseEngine.Sqlite);

/// <summary>The suite on a PostgreSQL database element.</summary>
public sealed class PostgreSqlPasswordLoginTests() : PasswordLoginTests(DatabaseEngine.PostgreSql);
