using System.Diagnostics;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary>The script of docs/cli.md is a file in the repository, run here as a user runs it: <c>dotnet run tests/Scripts/login.cs</c>.</summary>
[Collection(HostProcessTests.Name)]
public sealed class ScriptTests
{
    [Fact]
    public async Task The_documented_login_script_runs_the_login_flow_against_a_copy_of_the_sample_app()
    {
        using var sample = new TempApp();
        Folders.CopySampleApp(sample.Directory);

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "run", Path.Combine(TestRuntime.RepositoryRoot, "tests", "Scripts", "login.cs"), "--", sample.Directory, "--dev-wechat" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WECHAT_APP_SECRET"] = "dev";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);

        process.ExitCode.Should().Be(0, await output + await error);
        (await output).Should().Contain("registered user 1").And.Contain("logged in as user 1").And.Contain("no longer bound");
    }
}
