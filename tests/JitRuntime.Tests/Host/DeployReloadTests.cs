using System.Diagnostics;
using JitRuntime.Host.Hosting;
using JitRuntime.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Host;

/// <summary>
/// Hot reload under the ways apps are deployed: elements/ deleted and copied again, renamed into place, checked out by
/// git, synchronised by rsync --delete; and a tree that never goes quiet.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class DeployReloadTests : IAsyncLifetime, IDisposable
{
    private const string SessionsType = "auths.loginTypes.services.AuthSvcType";
    private readonly TempApp _app = new("deployApp");
    private WebApplication? _host;

    private JitAppHolder Holder => _host!.Services.GetRequiredService<JitAppHolder>();

    public async Task InitializeAsync()
    {
        _app.Write("app.json", """{ "name": "deployApp", "settings": { "Host": { "ReloadDebounce": "00:00:00.100", "ReloadMaxDelay": "00:00:01" } } }""");
        Element(_app.Directory, "first");
        _host = JitWebHost.Build(_app.Directory, "http://127.0.0.1:0", new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        await JitWebHost.StartAsync(_host);
    }

    public async Task DisposeAsync()
    {
        await _host!.StopAsync();
        await _host.DisposeAsync();
    }

    public void Dispose() => _app.Dispose();

    private static void Element(string appDirectory, string name, string folder = "elements") =>
        WriteFile(Path.Combine(appDirectory, folder, "services", name, "e.json"), $$"""{ "title": "{{name}}", "type": "{{SessionsType}}" }""");

    private static void WriteFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    /// <summary>Waits (bounded) for the served app to have exactly <paramref name="names"/> under services.</summary>
    private async Task ServedAsync(string what, params string[] names)
    {
        var expected = names.Select(n => "services." + n).Order(StringComparer.Ordinal).ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        List<string> served;
        do
        {
            served = Holder.Current.Elements.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
            if (served.SequenceEqual(expected))
            {
                return;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        served.Should().Equal(expected, what);
    }

    private static void Run(string directory, string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{program} {string.Join(' ', arguments)}: {error}");
    }

    [Fact]
    public async Task Elements_deleted_and_copied_again_are_served_and_later_edits_too()
    {
        await ServedAsync("at start", "first");
        var staging = Path.Combine(_app.Directory, "staging");
        Element(staging, "second", folder: ".");

        Directory.Delete(Path.Combine(_app.Directory, "elements"), recursive: true);
        Folders.CopyTree(staging, Path.Combine(_app.Directory, "elements"));
        await ServedAsync("after rm -rf elements && cp -r staging elements", "second");

        Element(_app.Directory, "third");
        await ServedAsync("an edit after the deploy", "second", "third");
    }

    [Fact]
    public async Task Elements_renamed_into_place_are_served_and_later_edits_too()
    {
        await ServedAsync("at start", "first");
        Element(_app.Directory, "swapped", folder: "elements.new");

        Directory.Move(Path.Combine(_app.Directory, "elements"), Path.Combine(_app.Directory, "elements.old"));
        Directory.Move(Path.Combine(_app.Directory, "elements.new"), Path.Combine(_app.Directory, "elements"));
        await ServedAsync("after mv elements elements.old && mv elements.new elements", "swapped");

        Element(_app.Directory, "later");
        await ServedAsync("an edit after the swap", "later", "swapped");
    }

    [Fact]
    public async Task A_git_checkout_of_another_commit_and_an_rsync_delete_are_served()
    {
        var repository = _app.Directory;
        Run(repository, "git", "init", "-q");
        Run(repository, "git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "app.json", "elements");
        Run(repository, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one");
        Directory.Delete(Path.Combine(repository, "elements", "services", "first"), recursive: true);
        Element(repository, "fromGit");
        Run(repository, "git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A", "elements");
        Run(repository, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "two");
        await ServedAsync("commit two", "fromGit");

        Run(repository, "git", "checkout", "-q", "HEAD~1");
        await ServedAsync("after git checkout of commit one", "first");

        var source = Path.Combine(_app.Directory, "rsync-source");
        Element(source, "fromRsync", folder: ".");
        Run(_app.Directory, "rsync", "-a", "--delete", source + "/", Path.Combine(_app.Directory, "elements") + "/");
        await ServedAsync("after rsync --delete", "fromRsync");
    }

    [Fact]
    public async Task A_file_written_all_the_time_does_not_hold_an_edit_back_past_the_maximum_delay()
    {
        await ServedAsync("at start", "first");
        using var stop = new CancellationTokenSource();
        var noisy = Path.Combine(_app.Directory, "elements", "services", "first", "activity.log");
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await File.AppendAllTextAsync(noisy, "tick\n");
                await Task.Delay(30);
            }
        });

        try
        {
            await Task.Delay(300);
            Element(_app.Directory, "meanwhile");
            await ServedAsync("while another file is written every 30 ms (debounce 100 ms, maximum delay 1 s)", "first", "meanwhile");
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
    }
}
