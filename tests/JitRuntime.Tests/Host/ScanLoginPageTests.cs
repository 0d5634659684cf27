using System.Net;
using Xunit.Abstractions;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The scan-to-log-in example PC page that <c>jit run --dev-wechat</c> serves at <c>/dev/scan-login</c>, in Debian's
/// headless Chromium: it shows the code, the test plays the Mini Program (a session, getScanLogin, confirm), and the
/// page ends showing the user; a cancelled and an expired code show as such. Without the stand-in there is no page.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class ScanLoginPageTests(ITestOutputHelper output)
{
    private const string Login = "auths.loginTypes.myWeChatMiniLogin";

    [Fact]
    public async Task The_example_page_logs_the_PC_in_once_the_Mini_Program_confirms_and_shows_cancelled_and_expired_codes()
    {
        using var sample = new TempApp();
        Folders.CopySampleApp(sample.Directory);
        await using var host = await HostProcess.StartAsync(sample.Directory,
            new Dictionary<string, string> { ["WECHAT_APP_SECRET"] = "dev", ["Auths__ScanLoginLifetime"] = "00:00:06" }, "--dev-wechat");
        var bind = await host.CallOkAsync(Login, "getLoginCode", new { code = "scanner.1" });
        var user = await host.CallOkAsync(Login, "register", new { bindCode = bind.GetProperty("bindCode").GetString() });
        var userId = user.GetProperty("userId").GetInt64();
        var session = await host.CallOkAsync("auths.loginTypes.services.AuthSvc", "loginByCode",
            new { loginCode = user.GetProperty("loginCode").GetString(), platform = "wechatMini" });

        var steps = await ExternalTools.NodeAsync("scan-login.mjs", host.Http.BaseAddress!.ToString().TrimEnd('/'), session.GetProperty("token").GetString()!, Login);

        output.WriteLine(steps);
        steps.Should().Contain("the page shows the code").And.Contain("scanned: the Mini Program sees the request from 127.0.0.1 (Chromium)")
            .And.Contain($"confirmed: Logged in as user {userId}").And.Contain("cancelled: the page says so").And.Contain("expired: the page says so");
    }

    [Fact]
    public async Task Without_the_stand_in_the_page_is_not_served()
    {
        using var sample = new TempApp();
        Folders.CopySampleApp(sample.Directory);
        await using var host = await HostProcess.StartAsync(sample.Directory, new Dictionary<string, string> { ["WECHAT_APP_SECRET"] = "dev" });

        using var page = await host.Http.GetAsync("/dev/scan-login");

        page.StatusCode.Should().Be(HttpStatusCode.NotFound, "the example page is for development with the stand-in only");
    }
}
