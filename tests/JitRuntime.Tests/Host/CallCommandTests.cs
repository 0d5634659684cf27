using System.Text.Json;
using JitRuntime.Host.Cli;

using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary><c>jit call</c>: the HTTP dispatch for scripts, with the result on stdout and the problem on stderr.</summary>
public sealed class CallCommandTests
{
    private static Task<(int Exit, string Out, string Err)> Jit(params string[] args) => JitCli.RunAsync(args);

    [Fact]
    public async Task A_call_prints_the_result_json_and_exits_zero()
    {
        await using var hosted = await HostedApp.CreateAsync();

        var (exit, output, error) = await Jit("call", "--app", hosted.App.Directory, HostedApp.OpenLogin, "getLoginCode",
            $$"""{"code":"{{hosted.WeChat.IssueCode("cli-user")}}"}""");

        exit.Should().Be(0, error);
        using var result = JsonDocument.Parse(output);
        result.RootElement.GetProperty("bindCode").GetString().Should().HaveLength(43);

        var (registerExit, registered, _) = await Jit("call", "--app", hosted.App.Directory, HostedApp.OpenLogin, "register",
            $$"""{"bindCode":"{{result.RootElement.GetProperty("bindCode").GetString()}}"}""");
        registerExit.Should().Be(0);
        JsonDocument.Parse(registered).RootElement.GetProperty("userId").GetInt64().Should().BePositive();
    }

    [Fact]
    public async Task A_failed_call_prints_the_problem_on_stderr_and_exits_one()
    {
        await using var hosted = await HostedApp.CreateAsync();

        var (exit, output, error) = await Jit("call", "--app", hosted.App.Directory, HostedApp.OpenLogin, "getLoginCode",
            $$"""{"code":"{{hosted.WeChat.ErrorCode(40226)}}"}""");

        exit.Should().Be(1);
        output.Should().BeEmpty();
        using var problem = JsonDocument.Parse(error);
        problem.RootElement.GetProperty("code").GetString().Should().Be("wechat_user_blocked");
        problem.RootElement.GetProperty("status").GetInt32().Should().Be(422);
        problem.RootElement.GetProperty("errcode").GetInt32().Should().Be(40226);
    }

    [Fact]
    public async Task A_lone_surrogate_in_the_arguments_is_invalid_arguments_on_stderr_not_a_crash()
    {
        await using var hosted = await HostedApp.CreateAsync();

        var (exit, output, error) = await Jit("call", "--app", hosted.App.Directory, HostedApp.OpenLogin, "getLoginCode", """{"code":"\ud800-1"}""");

        exit.Should().Be(1, error);
        output.Should().BeEmpty();
        error.Should().NotContain("   at ");
        using var problem = JsonDocument.Parse(error);
        problem.RootElement.GetProperty("code").GetString().Should().Be("invalid_arguments");
        problem.RootElement.GetProperty("detail").GetString().Should().Contain("argument 'code' is not valid Unicode");
    }

    [Fact]
    public async Task Call_can_use_the_development_WeChat_stand_in_as_run_does()
    {
        using var sample = new TempApp();
        Folders.CopySampleApp(sample.Directory);
        sample.Write("elements/auths/loginTypes/myWeChatMiniLogin/myWeChatMiniLogin.json",
            """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "dev" } }""");

        // Without the stand-in this goes to api.weixin.qq.com, which a test machine cannot reach.
        var (exit, output, error) = await Jit("call", "--app", sample.Directory, "--dev-wechat", "auths.loginTypes.myWeChatMiniLogin", "getLoginCode", """{"code":"carol.1"}""");

        exit.Should().Be(0, error);
        JsonDocument.Parse(output).RootElement.GetProperty("bindCode").GetString().Should().HaveLength(43);
    }

    [Fact]
    public async Task The_development_stand_in_ranks_a_users_risk_by_its_name()
    {
        using var sample = new TempApp();
        Folders.CopySampleApp(sample.Directory);
        sample.Element("auths/loginTypes/riskLogin", """
            { "title": "Risk", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./c.json", "allowRegister": 1, "registerRisk": { "maxRank": 2 } }
            """);
        sample.Write("elements/auths/loginTypes/riskLogin/c.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "dev" } }""");

        var (riskyExit, _, risky) = await Jit("call", "--app", sample.Directory, "--dev-wechat", "auths.loginTypes.riskLogin", "getLoginCode", """{"code":"risk3.1"}""");
        var (fineExit, fine, error) = await Jit("call", "--app", sample.Directory, "--dev-wechat", "auths.loginTypes.riskLogin", "getLoginCode", """{"code":"risk2.1"}""");

        riskyExit.Should().Be(1);
        JsonDocument.Parse(risky).RootElement.GetProperty("code").GetString().Should().Be("registration_risky");
        JsonDocument.Parse(risky).RootElement.GetProperty("riskRank").GetInt32().Should().Be(3);
        fineExit.Should().Be(0, error);
        JsonDocument.Parse(fine).RootElement.GetProperty("bindCode").GetString().Should().HaveLength(43);
    }

    [Fact]
    public async Task Unknown_elements_and_methods_fail_with_their_codes()
    {
        await using var hosted = await HostedApp.CreateAsync();

        var (exit, _, error) = await Jit("call", "--app", hosted.App.Directory, "auths.loginTypes.nope", "getLoginCode", "{}");
        exit.Should().Be(1);
        error.Should().Contain("element_not_found");

        (exit, _, error) = await Jit("call", "--app", hosted.App.Directory, HostedApp.OpenLogin, "dropTables", "{}");
        exit.Should().Be(1);
        error.Should().Contain("method_not_found");
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{nope")]
    public async Task Arguments_that_are_not_a_json_object_are_a_usage_error(string arguments)
    {
        var (exit, _, error) = await Jit("call", HostedApp.OpenLogin, "getLoginCode", arguments);

        exit.Should().Be(JitCommandLine.UsageError);
        error.Should().Contain("ARGS_JSON must be a JSON object");
    }
}
