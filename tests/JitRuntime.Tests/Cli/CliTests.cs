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
            "'auths.loginTypes.WeChatMiniType' does not have; did you mean 'register'? (it has: bind, cancelScanLogin, checkSession, confirmScanLogin, createScanLogin, getLoginCode, getPhoneNumber, getScanLogin, pollScanLogin, register, unbind)");

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
    public async Task A_folder_that_is_not_an_app_is_named_by_its_path_not_as_app_json()
    {
        var missing = Path.Combine(App.Directory, "nope");
        Directory.CreateDirectory(Path.Combine(App.Directory, "empty"));

        var (_, output, _) = await Jit("validate", missing);
        var (_, empty, _) = await Jit("validate", Path.Combine(App.Directory, "empty"));

        output.Should().StartWith($"{missing}:0:0: error JIT040: app folder '{missing}' does not exist");
        empty.Should().Contain($"error JIT040: no app.json in '{Path.Combine(App.Directory, "empty")}'");
    }

    [Theory]
    [InlineData("valdate", "unknown command 'valdate'; did you mean 'validate'?")]
    [InlineData("elemnts", "did you mean 'elements'?")]
    [InlineData("frobnicate", "unknown command 'frobnicate'; the commands are run, call, validate, elements, audit")]
    public async Task An_unknown_verb_suggests_the_verb_meant(string verb, string expected)
    {
        var (exit, _, error) = await Jit(verb);

        exit.Should().Be(JitCommandLine.UsageError);
        error.Should().Contain(expected).And.NotContain("Required command was not provided");
    }

    [Fact]
    public async Task Missing_arguments_are_named_once_with_the_verbs_usage()
    {
        var (exit, _, error) = await Jit("call", "auths.loginTypes.login");

        exit.Should().Be(JitCommandLine.UsageError);
        error.Should().Contain("jit: call: missing METHOD; usage: jit call <FULLNAME> <METHOD> [<ARGS_JSON>]");
        error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2, "one line for what is missing, one pointing to help:\n" + error);
    }

    [Theory]
    [InlineData("validate", "text, json, sarif, github")]
    [InlineData("elements", "text, json")]
    public async Task An_unknown_format_lists_the_formats_as_the_docs_spell_them(string verb, string formats)
    {
        var (exit, _, error) = await Jit(verb, App.Directory, "--format", "xml");

        exit.Should().Be(JitCommandLine.UsageError);
        error.Should().Contain($"'xml' is not a value of --format; use one of: {formats}");
    }

    [Fact]
    public async Task Formats_are_read_in_any_case_and_help_spells_them_in_lower_case()
    {
        App.WeChatLogin("auths/loginTypes/login");
        (await Jit("elements", App.Directory, "--format", "JSON")).Exit.Should().Be(0);

        var (_, help, _) = await Jit("validate", "--help");
        help.Should().Contain("--format <text|json|sarif|github>").And.NotContain("Github|Json");
    }

    [Fact]
    public async Task Help_shows_optional_arguments_in_brackets_and_says_each_default_once()
    {
        var (_, root, _) = await Jit("--help");
        root.Should().Contain("call <FULLNAME> <METHOD> [<ARGS_JSON>]").And.Contain("validate [<DIR>]");

        foreach (var verb in new[] { "run", "call", "validate", "elements", "audit" })
        {
            var (_, help, _) = await Jit(verb, "--help");
            foreach (var line in help.Split('\n').Where(l => l.Contains("[default:", StringComparison.Ordinal)))
            {
                line.Should().NotContain("(default", $"{verb}: a default is said once");
            }
        }
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
