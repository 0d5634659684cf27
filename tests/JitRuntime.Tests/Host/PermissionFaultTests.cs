using System.Diagnostics;
using System.Text.Json;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary>
/// A folder 'nobody' can reach, whatever the checkout's or TMPDIR's permissions: /tmp itself, holding a copy of the
/// test binaries (jit.dll and its dependencies) and the apps these tests make.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UnprivilegedWorkspace : IDisposable
{
    public UnprivilegedWorkspace()
    {
        Root = Path.Combine(Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath(), "jit-unprivileged-" + Guid.NewGuid().ToString("N"));
        foreach (var directory in Directory.EnumerateDirectories(AppContext.BaseDirectory, "*", SearchOption.AllDirectories).Prepend(AppContext.BaseDirectory))
        {
            Directory.CreateDirectory(Path.Combine(Binaries, Path.GetRelativePath(AppContext.BaseDirectory, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(Binaries, Path.GetRelativePath(AppContext.BaseDirectory, file)));
        }

        Directory.CreateDirectory(Path.Combine(Root, "apps"));
        Share(Root);
    }

    public string Root { get; }

    public string Binaries => Path.Combine(Root, "bin");

    /// <summary>A new app folder inside the workspace.</summary>
    public string NewAppDirectory() => Path.Combine(Root, "apps", Guid.NewGuid().ToString("N"));

    /// <summary>Lets everyone read <paramref name="directory"/> and what it holds, whatever the umask was.</summary>
    public static void Share(string directory)
    {
        foreach (var folder in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).Prepend(directory))
        {
            File.SetUnixFileMode(folder, Everyone);
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    private const UnixFileMode Everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>
/// Faults that need file permissions: an unreadable element folder and a read-only database. Root reads and writes
/// everything, so as root the jit process runs as 'nobody' (setpriv); otherwise it runs as the current user.
/// </summary>
[Collection(HostProcessTests.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PermissionFaultTests(UnprivilegedWorkspace workspace) : IClassFixture<UnprivilegedWorkspace>
{
    private static readonly string[] DropToNobody = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "dotnet"];

    private async Task<(int Exit, string Out, string Err)> JitAsUnprivilegedAsync(params string[] args)
    {
        var asRoot = Environment.UserName == "root";
        var info = new ProcessStartInfo(asRoot ? "setpriv" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (asRoot ? DropToNobody : [])
                     .Append(Path.Combine(workspace.Binaries, "jit.dll")).Concat(args))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = Path.GetTempPath();
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    private static (int Status, string? Code) Problem(string error)
    {
        var line = error.Split('\n').LastOrDefault(l => l.StartsWith("{\"status\":", StringComparison.Ordinal));
        line.Should().NotBeNull(error);
        using var problem = JsonDocument.Parse(line!);
        return (problem.RootElement.GetProperty("status").GetInt32(), problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unreadable_element_folder_is_reported_and_the_others_still_load()
    {
        using var app = new TempApp(root: workspace.NewAppDirectory());
        app.WeChatLogin("good/login");
        app.WeChatLogin("locked/login");
        UnprivilegedWorkspace.Share(app.Directory);
        var locked = Path.Combine(app.Directory, "elements", "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var (exit, output, error) = await JitAsUnprivilegedAsync("elements", app.Directory, "--format", "json");
            var (validateExit, diagnostics, _) = await JitAsUnprivilegedAsync("validate", app.Directory);

            exit.Should().Be(0, error);
            using var list = JsonDocument.Parse(output);
            list.RootElement.EnumerateArray().Select(e => (e.GetProperty("fullName").GetString(), e.GetProperty("status").GetString()))
                .Should().Equal(("good.login", "ready"));
            validateExit.Should().Be(1);
            diagnostics.Should().Contain("elements/locked:0:0: error JIT009: the folder cannot be read");
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public async Task A_read_only_database_is_a_clear_error_and_works_again_once_writable()
    {
        await using var hosted = await HostedApp.CreateAsync(root: workspace.NewAppDirectory());
        UnprivilegedWorkspace.Share(hosted.App.Directory);
        var settings = Path.Combine(hosted.App.Directory, "app.json");
        var (created, _, createError) = await JitCli.RunAsync("call", "--app", hosted.App.Directory, HostedApp.OpenLogin, "getLoginCode",
            $$"""{"code":"{{hosted.WeChat.IssueCode("ro-1")}}"}""");
        created.Should().Be(0, createError);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var data = Path.Combine(hosted.App.Directory, "data");
        var readOnly = UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(data, readOnly);
        foreach (var file in Directory.EnumerateFiles(data))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        // The database, its folder and the key ring in it are read-only for the caller.
        var (exit, output, error) = await JitAsUnprivilegedAsync("call", "--app", hosted.App.Directory, HostedApp.OpenLogin, "getLoginCode",
            $$"""{"code":"{{hosted.WeChat.IssueCode("ro-3")}}"}""");
        exit.Should().Be(1, output + error);
        var (status, code) = Problem(error);
        status.Should().Be(503, error);
        code.Should().BeOneOf("database_read_only", "database_unavailable", "key_store_unavailable");
        File.Exists(settings).Should().BeTrue();

        File.SetUnixFileMode(data, readOnly | UnixFileMode.UserWrite);
        var (fixedExit, _, fixedError) = await JitCli.RunAsync("call", "--app", hosted.App.Directory, HostedApp.OpenLogin, "getLoginCode",
            $$"""{"code":"{{hosted.WeChat.IssueCode("ro-4")}}"}""");
        fixedExit.Should().Be(0, fixedError);
    }
}
