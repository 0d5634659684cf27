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
        host.Output.Should().Contain("DEVELOPMENT ONLY");
    }
}
