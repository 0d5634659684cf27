using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Fakes;

/// <summary>
/// Several runtimes of one app on one database, in one process: each node has its own copy of the app folder, its own
/// services and pools, and shares only the database (PostgreSQL: one database of the test server; SQLite: one file)
/// and the fake WeChat server. This is where an "at most one" guarantee can fail: racers on different nodes meet only
/// in the database.
/// </summary>
public sealed class LoginCluster : IAsyncDisposable
{
    /// <summary>Pooled connections each node opens before a race: more than the racers one node gets.</summary>
    private const int WarmConnections = 12;

    private readonly FakeWeChatServer _weChat;
    private readonly string? _sqliteFolder;

    private LoginCluster(FakeWeChatServer weChat, IReadOnlyList<LoginHarness> nodes, string? sqliteFolder)
    {
        _weChat = weChat;
        Nodes = nodes;
        _sqliteFolder = sqliteFolder;
    }

    public IReadOnlyList<LoginHarness> Nodes { get; }

    public FakeWeChatServer WeChat => _weChat;

    /// <summary>The node racer <paramref name="i"/> runs on (round robin).</summary>
    public LoginHarness Node(int i) => Nodes[i % Nodes.Count];

    /// <summary>
    /// Starts <paramref name="count"/> nodes one after another (each finds the schema and key ring the first made).
    /// <paramref name="prepare"/> adds elements to every node's app folder before it starts.
    /// </summary>
    /// <param name="together">Start them all at once instead (the migration race).</param>
    public static async Task<LoginCluster> StartAsync(DatabaseEngine engine, int count = 3, Action<TempApp>? prepare = null, bool together = false)
    {
        var weChat = await FakeWeChatServer.StartAsync();
        string? database = null;
        string? sqliteFolder = null;
        var settings = new Dictionary<string, string?>();
        if (engine == DatabaseEngine.PostgreSql)
        {
            database = await (await PostgresServer.Shared).CreateDatabaseAsync();
        }
        else
        {
            sqliteFolder = Directory.CreateTempSubdirectory("jit-cluster-").FullName;
            settings["Database:Path"] = Path.Combine(sqliteFolder, "app.db");
        }

        async Task<LoginHarness> NodeAsync()
        {
            var app = new TempApp();
            prepare?.Invoke(app);
            if (database is not null)
            {
                await LoginHarness.WritePostgresDatabaseElementAsync(app, await PostgresServer.Shared, database);
            }

            return await LoginHarness.StartAsync(engine, app: app, sharedWeChat: weChat, settings: settings);
        }

        var nodes = new List<LoginHarness>();
        try
        {
            if (together)
            {
                nodes.AddRange(await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(NodeAsync))));
            }
            else
            {
                for (var i = 0; i < count; i++)
                {
                    nodes.Add(await NodeAsync());
                }
            }
        }
        catch
        {
            await new LoginCluster(weChat, nodes, sqliteFolder).DisposeAsync();
            throw;
        }

        // Racers meet warm pools, as on a node that has been serving: opening connections (SCRAM) for a burst of
        // racers at once on two cores can outlast the pool's timeout, which is not what these tests are about.
        // All nodes at once: a first open migrates, and nodes started together race for that too.
        var connections = await Task.WhenAll(nodes.SelectMany(node => Enumerable.Range(0, WarmConnections).Select(_ => Task.Run(() => node.Database.OpenAsync()))));
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        return new LoginCluster(weChat, nodes, sqliteFolder);
    }

    /// <summary>The WeChat login element <paramref name="fullName"/> of the node racer <paramref name="i"/> runs on.</summary>
    public WeChatMiniType Login(int i, string fullName = LoginHarness.LoginName) => Node(i).JitApp.GetElement<WeChatMiniType>(fullName);

    /// <summary>Runs <paramref name="racers"/> calls at once, spread over the nodes: each answers its outcome (a code, or what the call made of its result).</summary>
    public static async Task<string[]> RaceAsync(int racers, Func<int, Task<string>> call)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, racers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return await call(i);
            }
            catch (JitRuntime.Calls.ElementCallException ex)
            {
                return ex.Code;
            }
            catch (Exception ex)
            {
                return "unexpected " + ex;
            }
        })).ToList();
        start.SetResult();
        return await Task.WhenAll(tasks);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await _weChat.DisposeAsync();
        if (_sqliteFolder is not null)
        {
            Directory.Delete(_sqliteFolder, recursive: true);
        }
    }
}
