using System.Net;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary><c>jit run --dev-wechat</c>: the whole login flow on a machine without WeChat, as README shows it.</summary>
[Collection(HostProcessTests.Name)]
public sealed class DevWeChatStandInTests
{
    [Fact]
    public async Task The_sample_app_logs_a_user_in_through_the_local_stand_in()
    {
        // A copy of the repository's sample app, so that the test never writes into the checkout.
        using var sample = new TempApp();
        Folders.CopySampleApp(sample.Directory);
        await using var host = await HostProcess.StartAsync(sample.Directory,
            new Dictionary<string, string> { ["WECHAT_APP_SECRET"] = "dev-secret" }, "--dev-wechat");
        const string login = "auths.loginTypes.myWeChatMiniLogin";

        var bind = await host.CallOkAsync(login, "getLoginCode", new { code = "alice.1" });
        var user = await host.CallOkAsync(login, "register", new { bindCode = bind.GetProperty("bindCode").GetString() });
        var again = await host.CallOkAsync(login, "getLoginCode", new { code = "alice.2" });
        var session = await host.CallOkAsync("auths.loginTypes.services.AuthSvc", "loginByCode",
            new { loginCode = again.GetProperty("loginCode").GetString(), platform = "wechatMini" });

        session.GetProperty("userId").GetInt64().Should().Be(user.GetProperty("userId").GetInt64());
        using var reused = await host.CallAsync(login, "getLoginCode", new { code = "alice.2" });
        reused.StatusCode.Should().Be(HttpStatusCode.Conflict, "stand-in codes are single use, like WeChat's");
        host.Output.Should().Contain("DEVELOPMENT ONLY").And.Contain("Hosting environment: Development");
        host.Output.Should().Contain("[231]").And.NotContain("No XML encryptor configured", "the key-ring warning is said once, with what to do");

        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };
        using var root = await noRedirect.GetAsync("/");
        root.StatusCode.Should().Be(HttpStatusCode.Redirect, "in development the root leads to the API reference");
        root.Headers.Location!.ToString().Should().Be("/scalar/");
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_one_without_a_stack_trace()
    {
        using var sample = new TempApp();
        Folders.CopySampleApp(sample.Directory);
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "jit.dll"), "run", "--app", sample.Directory, "--urls", $"http://127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["WECHAT_APP_SECRET"] = "dev";
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var all = await output + await error;

        process.ExitCode.Should().Be(1, all);
        all.Should().Contain($"jit: cannot listen on http://127.0.0.1:{port}").And.Contain("address already in use");
        all.Should().NotContain("   at ").And.NotContain("Hosting failed to start");
    }
}
