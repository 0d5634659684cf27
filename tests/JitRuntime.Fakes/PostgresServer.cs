using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace JitRuntime.Fakes;

/// <summary>
/// A real PostgreSQL server for tests, started from the machine's PostgreSQL binaries (Debian's <c>postgresql</c>
/// package) in a temporary folder on a free 127.0.0.1 port, with password authentication; stopped when the test
/// process exits, its folder deleted then or, when the test host is ended first, by the next run. Never assumes a
/// running server. Tests share <see cref="Shared"/> and create a database each; a test that stops or restarts the
/// server starts its own with <see cref="StartAsync"/>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "jit";

    private const string RootPrefix = "jit-pg-";

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(() => StartAsync());

    private readonly string _root;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    private PostgresServer(string root, string bin, bool asPostgresUser, int port, string password)
    {
        _root = root;
        _bin = bin;
        _asPostgresUser = asPostgresUser;
        Port = port;
        Password = password;
    }

    /// <summary>The server the test run shares (started on first use).</summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    public int Port { get; }

    public string Password { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>A connection string to <paramref name="database"/> as the test superuser.</summary>
    public string ConnectionString(string database = "postgres", bool pooling = false) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = User, Password = Password, Database = database, Pooling = pooling,
    }.ConnectionString;

    /// <summary>Declares <c>databases.Default</c> in the app folder <paramref name="appDirectory"/> as a PostgreSQL element on <paramref name="database"/>.</summary>
    public void WriteDatabaseElement(string appDirectory, string database)
    {
        var folder = Path.Combine(appDirectory, "elements", "databases", "Default");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "e.json"), """{ "title": "Default database", "type": "databases.PgSqlType" }""");
        File.WriteAllText(Path.Combine(folder, "Default.json"),
            $$"""{ "host": "127.0.0.1", "port": {{Port}}, "dbname": "{{database}}", "user": "{{User}}", "password": "{{Password}}" }""");
    }

    /// <summary>Starts a new server of its own.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        DeleteStaleFolders();
        var root = Path.Combine(Path.GetTempPath(), RootPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        File.WriteAllText(Path.Combine(root, "pw"), password);

        // initdb refuses to run as root: run the server as the postgres user then, in a folder it owns.
        var asPostgres = Environment.UserName == "root";
        if (asPostgres)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", root]);
        }

        var server = new PostgresServer(root, bin, asPostgres, FreePort(), password);
        await server.PgAsync("initdb", "-D", server.DataDirectory, "-U", User, "--pwfile", Path.Combine(root, "pw"), "-E", "UTF8",
            "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync");
        await server.StartServerAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    /// <summary>Creates an empty database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>Starts the (stopped) server again on the same port.</summary>
    public Task StartServerAsync() => PgAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_root, "log"), "-w", "-t", "60", "-o",
        $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400 -c shared_buffers=64MB", "start");

    /// <summary>Stops the server: <paramref name="immediate"/> is a crash-like stop, otherwise a fast shutdown.</summary>
    public async Task StopAsync(bool immediate = false)
    {
        if (Directory.Exists(DataDirectory))
        {
            await PgAsync("pg_ctl", "-D", DataDirectory, "-w", "-m", immediate ? "immediate" : "fast", "stop").ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        try
        {
            await StopAsync(immediate: true);
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(_root, recursive: true);
    }

    /// <summary>
    /// Deletes the folders of earlier runs whose server is no longer running. The test host is often ended before its
    /// exit handler has deleted the folder of the shared server (the server itself is stopped first), so each run
    /// clears what earlier ones left. A folder younger than a minute may be a server that is still starting: kept.
    /// </summary>
    private static void DeleteStaleFolders()
    {
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), RootPrefix + "*"))
        {
            var pidFile = Path.Combine(folder, "data", "postmaster.pid");
            var running = File.Exists(pidFile)
                && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && Directory.Exists($"/proc/{pid}");
            if (!running && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) > TimeSpan.FromMinutes(1))
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another run is deleting it, or it is not ours to delete: leave it.
                }
            }
        }
    }

    private Task PgAsync(string tool, params string[] arguments)
    {
        var program = Path.Combine(_bin, tool);
        return _asPostgresUser ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);
    }

    private static async Task RunAsync(string program, string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    private static string FindBinaries()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException(
            "PostgreSQL is not installed: the tests start their own server from Debian's postgresql package (apt-get install postgresql); .ci/run installs it");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
