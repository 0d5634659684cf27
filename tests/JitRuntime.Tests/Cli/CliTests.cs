using System.Text.Json;
using JitRuntime.Host.Cli;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Cli;

/// <summary>The jit verbs as scripts and CI use them: output formats and exit codes.</summary>
public sealed class CliTests : TempAppTest
{
    private static Task<(int Exit, string Out, string Err)> Jit(params string[] args) => JitCli.RunAsync(args);

    [Fact]
    public async Task Validate_exits_zero_for_a_clean_app()
    {
        App.WeChatLogin("auths/loginTypes/login");

        var (exit, output, error) = await Jit("validate", App.Directory);

        exit.Should().Be(0);
        output.Should().BeEmpty();
        error.Should().Contain("1 elements, 0 errors, 0 warnings");
    }

    [Fact]
    public async Task Validate_prints_compiler_style_lines_and_exits_one_on_errors()
    {
        App.WeChatLogin("auths/loginTypes/login", allowRegister: 3);
        App.Element("auths/loginTypes/other", "{");

        var (exit, output, _) = await Jit("validate", App.Directory, "--format", "text");

        exit.Should().Be(1);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "elements/auths/loginTypes/login/e.json:6:20: error JIT006: 'allowRegister' must be at most 1",
            "elements/auths/loginTypes/other/e.json:1:2: error JIT001: malformed JSON: the file ends before every '{' and '[' is closed");
    }

    [Fact]
    public async Task Validate_reports_a_functionList_the_Type_does_not_match_and_elements_json_shows_the_effective_list()
    {
        App.WeChatLogin("auths/loginTypes/login");
        App.Element("auths/loginTypes/narrow", """
            { "title": "Narrow", "type": "auths.loginTypes.login",
              "functionList": [ { "name": "getLoginCode", "loginRequired": 1 }, { "name": "regster" } ] }
            """);

        var (exit, output, _) = await Jit("validate", App.Directory);

        exit.Should().Be(1);
        output.Trim().Should().Be("elements/auths/loginTypes/narrow/e.json:2:87: error JIT050: functionList names 'regster', which type " +
            "'auths.loginTypes.WeChatMiniType' does not have; did you mean 'register'? (it has: bind, checkSession, getLoginCode, getPhoneNumber, register, unbind)");

        App.Element("auths/loginTypes/narrow", """
            { "title": "Narrow", "type": "auths.loginTypes.login", "functionList": [ { "name": "getLoginCode", "loginRequired": 1 } ] }
            """);
        (exit, output, _) = await Jit("elements", App.Directory, "--format", "json");
        exit.Should().Be(0);
        var narrow = JsonDocument.Parse(output).RootElement.EnumerateArray().Single(e => e.GetProperty("fullName").GetString() == "auths.loginTypes.narrow");
        var function = narrow.GetProperty("functionList").EnumerateArray().Should().ContainSingle().Subject;
        function.GetProperty("name").GetString().Should().Be("getLoginCode");
        function.GetProperty("loginRequired").GetInt32().Should().Be(1);
        narrow.GetProperty("role").GetString().Should().Be("instance");
    }

    [Fact]
    public async Task Validate_reports_warnings_without_failing()
    {
        App.WeChatLogin("login", appSecret: "${JIT_TEST_SURELY_UNSET_VARIABLE}");

        var (exit, output, _) = await Jit("validate", App.Directory);

        exit.Should().Be(0);
        output.Should().Contain("warning JIT042").And.Contain("JIT_TEST_SURELY_UNSET_VARIABLE");
    }

    [Fact]
    public async Task Validate_json_is_one_document_with_every_diagnostic()
    {
        App.WeChatLogin("login", allowRegister: 3);

        var (exit, output, _) = await Jit("validate", App.Directory, "--format", "json");

        exit.Should().Be(1);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        root.GetProperty("app").GetString().Should().Be("testApp");
        root.GetProperty("errors").GetInt32().Should().Be(1);
        var diagnostic = root.GetProperty("diagnostics")[0];
        diagnostic.GetProperty("path").GetString().Should().Be("elements/login/e.json");
        diagnostic.GetProperty("line").GetInt32().Should().Be(6);
        diagnostic.GetProperty("severity").GetString().Should().Be("error");
        diagnostic.GetProperty("code").GetString().Should().Be("JIT006");
    }

    [Theory]
    [InlineData("validate", "--format", "xml")]
    [InlineData("validate", "--formt", "json")]
    [InlineData("validate", "a", "b")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_two(params string[] args)
    {
        var (exit, _, error) = await Jit(args);

        exit.Should().Be(JitCommandLine.UsageError);
        error.Should().Contain("jit --help");
    }

    [Fact]
    public async Task Validate_of_a_folder_that_is_not_an_app_exits_one_with_a_diagnostic()
    {
        var (exit, output, _) = await Jit("validate", Path.Combine(App.Directory, "nope"));

        exit.Should().Be(1);
        output.Should().Contain("error JIT040").And.Contain("does not exist");
    }

    [Fact]
    public async Task Elements_lists_fullName_type_title_and_status()
    {
        App.WeChatLogin("auths/loginTypes/login");
        App.Element("auths/loginTypes/broken", """{ "title": "Broken", "type": "nope.Type" }""");

        var (exit, output, _) = await Jit("elements", App.Directory);

        exit.Should().Be(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^FULLNAME\s+TYPE\s+TITLE\s+STATUS$");
        lines[1].Should().MatchRegex(@"^auths\.loginTypes\.broken\s+nope\.Type\s+Broken\s+broken: .*JIT010");
        lines[2].Should().MatchRegex(@"^auths\.loginTypes\.login\s+auths\.loginTypes\.WeChatMiniType\s+Login login\s+ready$");
    }

    [Fact]
    public async Task Elements_json_lists_each_element()
    {
        App.WeChatLogin("auths/loginTypes/login");

        var (exit, output, _) = await Jit("elements", App.Directory, "--format", "json");

        exit.Should().Be(0);
        using var document = JsonDocument.Parse(output);
        var element = document.RootElement.EnumerateArray().Should().ContainSingle().Subject;
        element.GetProperty("fullName").GetString().Should().Be("auths.loginTypes.login");
        element.GetProperty("type").GetString().Should().Be("auths.loginTypes.WeChatMiniType");
        element.GetProperty("title").GetString().Should().Be("Login login");
        element.GetProperty("status").GetString().Should().Be("ready");
    }
}
