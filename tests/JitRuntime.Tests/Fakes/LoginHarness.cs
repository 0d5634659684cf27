using Dapper;
using JitRuntime.Apps;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Auths.Sessions;
using JitRuntime.Databases;
using JitRuntime.Databases.Sqlite;
using JitRuntime.Storage;
using JitRuntime.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using JitRuntime.Fakes;

namespace JitRuntime.Tests.Fakes;

/// <summary>
/// A real app on disk with a WeChat login element and the AuthSvc element, a real SQLite file, and the real WeChat
/// client talking HTTP to <see cref="FakeWeChatServer"/> on 127.0.0.1.
/// </summary>
public sealed class LoginHarness : IAsyncDisposable
{
    public const string LoginName = "auths.loginTypes.miniLogin";
    public const string AuthSvcName = "auths.loginTypes.services.AuthSvc";

    private readonly bool _ownsWeChat;

    private LoginHarness(FakeWeChatServer weChat, bool ownsWeChat, TempApp app, ServiceProvider services, JitApp jitApp, ManualTimeProvider clock, CapturingLoggerProvider logs)
    {
        _ownsWeChat = ownsWeChat;
        WeChat = weChat;
        App = app;
        Services = services;
        JitApp = jitApp;
        Clock = clock;
        Logs = logs;
    }

    public FakeWeChatServer WeChat { get; }

    public TempApp App { get; }

    public ServiceProvider Services { get; }

    public JitApp JitApp { get; }

    public ManualTimeProvider Clock { get; }

    public CapturingLoggerProvider Logs { get; }

    public WeChatMiniType Login => JitApp.GetElement<WeChatMiniType>(LoginName);

    public AuthSvcType AuthSvc => JitApp.GetElement<AuthSvcType>(AuthSvcName);

    public AppDatabase Database => Services.GetRequiredService<AppDatabase>();

    /// <summary>The SQLite file (SQLite harnesses only).</summary>
    public string DatabasePath => ((SqliteDatabase)Database.Current).FilePath;

    public static async Task<LoginHarness> StartAsync(DatabaseEngine engine = DatabaseEngine.Sqlite, int allowRegister = 1,
        string appSecret = FakeWeChatServer.AppSecret, IDictionary<string, string?>? settings = null, TempApp? app = null,
        FakeWeChatServer? sharedWeChat = null, Action<IServiceCollection>? configure = null)
    {
        var weChat = sharedWeChat ?? await FakeWeChatServer.StartAsync();
        app ??= new TempApp();
        app.Element("auths/loginTypes/miniLogin", $$"""
            {
              "title": "Mini login",
              "type": "auths.loginTypes.WeChatMiniType",
              "backendBundleEntry": ".",
              "frontBundleEntry": "./miniLogin.json",
              "allowRegister": {{allowRegister}}
            }
            """);
        app.Write("elements/auths/loginTypes/miniLogin/miniLogin.json", $$"""
            { "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{appSecret}}" } }
            """);
        app.Element("auths/loginTypes/services/AuthSvc", """
            { "title": "Sessions", "type": "auths.loginTypes.services.AuthSvcType", "backendBundleEntry": "." }
            """);

        var values = new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = weChat.BaseUrl,
            ["WeChat:Timeout"] = "00:00:10",
            ["WeChat:RetryDelay"] = "00:00:00.010",
            ["Database:Path"] = "data/app.db",
        };
        if (engine == DatabaseEngine.PostgreSql && !Directory.Exists(Path.Combine(app.Directory, "elements/databases/Default")))
        {
            await WritePostgresDatabaseElementAsync(app, await PostgresServer.Shared);
        }

        if (Directory.Exists(Path.Combine(app.Directory, "elements/databases/Default")))
        {
            values["defaultElement:defaultDatabase"] = "databases.Default";
        }

        if (engine == DatabaseEngine.PostgreSql)
        {
            // A shared database keeps its key ring encrypted with a certificate that is not in it.
            foreach (var (key, value) in TestCertificates.Settings(TestCertificates.Shared))
            {
                values[key] = value;
            }
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddSingleton<TimeProvider>(clock)
            .Configure<AppDirectoryOptions>(o => o.AppDirectory = app.Directory)
            .AddJitRuntime(o => o.GetEnvironmentVariable = _ => null);
        configure?.Invoke(services);
        var provider = services.AddAuthElements(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var jitApp = await provider.GetRequiredService<JitAppLoader>().LoadAsync(app.Directory);
        jitApp.HasErrors.Should().BeFalse(string.Join("\n", jitApp.Diagnostics));
        provider.GetRequiredService<AppDatabase>().Current.Engine.Should().Be(engine == DatabaseEngine.PostgreSql ? "postgresql" : "sqlite");
        return new LoginHarness(weChat, sharedWeChat is null, app, provider, jitApp, clock, logs);
    }

    /// <summary>Declares <c>databases.Default</c> as a PostgreSQL database element on a fresh database of <paramref name="server"/>.</summary>
    public static async Task<string> WritePostgresDatabaseElementAsync(TempApp app, PostgresServer server, string? database = null)
    {
        database ??= await server.CreateDatabaseAsync();
        server.WriteDatabaseElement(app.Directory, database);
        return database;
    }

    /// <summary>Logs a new WeChat user in and registers them; returns the new user id.</summary>
    public async Task<long> RegisterAsync(string openId, string? unionId = null)
    {
        var result = await Login.GetLoginCodeAsync(WeChat.IssueCode(openId, unionId));
        return (await Login.RegisterAsync(result.BindCode!)).UserId;
    }

    /// <summary>Row counts of every auths table: the "nothing changed" check.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var connection = await Database.OpenAsync();
        var counts = new List<string>();
        foreach (var table in new[] { "auth_users", "auth_logins", "auth_wechat_logins", "auth_codes", "auth_corps", "auth_corp_members", "auth_sessions" })
        {
            counts.Add($"{table}={await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}")}");
        }

        counts.Add("used=" + await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM auth_codes WHERE used_at IS NOT NULL"));
        return string.Join(", ", counts);
    }

    public async Task<T> QueryScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    public async ValueTask DisposeAsync()
    {
        await JitApp.DisposeAsync();
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsWeChat)
        {
            await WeChat.DisposeAsync();
        }

        App.Dispose();
    }
}
