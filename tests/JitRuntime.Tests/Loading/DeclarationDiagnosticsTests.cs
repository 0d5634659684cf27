using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Loading;

/// <summary>Every problem in an e.json has its own code, a useful position and a message that says what was expected.</summary>
public sealed class DeclarationDiagnosticsTests : TempAppTest
{
    private async Task<Diagnostic> SingleError(string code)
    {
        var app = await TestRuntime.LoadAsync(App);
        var errors = app.Diagnostics.Where(d => d.IsError).ToList();
        errors.Should().ContainSingle(d => d.Code == code, "the app's diagnostics were: {0}", string.Join("\n", app.Diagnostics));
        return errors.Single(d => d.Code == code);
    }

    [Fact]
    public async Task Malformed_json_points_at_the_line_where_parsing_stopped()
    {
        App.Element("auths/loginTypes/bad", """
            {
              "title": "Bad",
              "type": "auths.loginTypes.WeChatMiniType"
              "backendBundleEntry": "."
            }
            """);

        var error = await SingleError(DiagnosticCodes.MalformedJson);

        error.Path.Should().Be("elements/auths/loginTypes/bad/e.json");
        error.Line.Should().Be(4);
        error.Column.Should().Be(3);
        error.ToString().Should().StartWith("elements/auths/loginTypes/bad/e.json:4:3: error JIT001: malformed JSON");
    }

    [Theory]
    [InlineData("{ \"title\": \"x\", \"type\": \"a.b\", }", 1)]
    [InlineData("{\n  // a comment\n  \"title\": \"x\"\n}", 2)]
    [InlineData("{ \"title\": 'single quotes' }", 1)]
    [InlineData("{ \"title\": \"x\" } trailing", 1)]
    public async Task Lenient_json_that_other_tools_reject_is_malformed(string text, int line)
    {
        App.Element("lenient", text);

        var error = await SingleError(DiagnosticCodes.MalformedJson);

        error.Line.Should().Be(line);
    }

    [Fact]
    public async Task A_key_written_twice_is_malformed()
    {
        App.Element("twice", "{\n  \"title\": \"a\",\n  \"title\": \"b\",\n  \"type\": \"x.y\"\n}");

        var error = await SingleError(DiagnosticCodes.MalformedJson);

        error.Line.Should().Be(3);
        error.Message.Should().Contain("once");
    }

    [Fact]
    public async Task Deeply_nested_json_is_refused_without_a_crash()
    {
        App.Element("deep", "{ \"title\": \"x\", \"type\": \"a.b\", \"description\": " + new string('[', 5000) + new string(']', 5000) + " }");

        var error = await SingleError(DiagnosticCodes.MalformedJson);

        error.Message.Should().Contain("nested deeper than 64");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t  \n")]
    public async Task An_empty_file_has_its_own_code(string content)
    {
        App.Element("empty", content);

        var error = await SingleError(DiagnosticCodes.EmptyFile);

        error.Message.Should().Contain("expected a JSON object");
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public async Task A_declaration_that_is_not_an_object_has_its_own_code(string content)
    {
        App.Element("notObject", content);

        var error = await SingleError(DiagnosticCodes.NotAnObject);

        error.Message.Should().Contain("must be a JSON object");
    }

    [Fact]
    public async Task A_missing_required_key_names_the_key_and_points_at_the_object()
    {
        App.Element("noTitle", """
            {
              "type": "auths.loginTypes.WeChatMiniType"
            }
            """);

        var error = await SingleError(DiagnosticCodes.MissingRequiredKey);

        error.Message.Should().Be("missing required key 'title'");
        error.Line.Should().Be(1);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_key_and_the_expected_type()
    {
        App.WeChatLogin("auths/loginTypes/login");
        App.Element("auths/loginTypes/login", """
            {
              "title": "Login",
              "type": "auths.loginTypes.WeChatMiniType",
              "frontBundleEntry": "login.json",
              "allowRegister": "1"
            }
            """);

        var error = await SingleError(DiagnosticCodes.WrongValueType);

        error.Message.Should().Be("'allowRegister' must be an integer");
        error.Line.Should().Be(5);
    }

    [Theory]
    [InlineData(2, "'allowRegister' must be at most 1")]
    [InlineData(-1, "'allowRegister' must be at least 0")]
    public async Task An_out_of_range_value_says_the_allowed_range(int value, string message)
    {
        App.WeChatLogin("auths/loginTypes/login", allowRegister: value);

        var error = await SingleError(DiagnosticCodes.ValueNotAllowed);

        error.Message.Should().Be(message);
        error.Line.Should().Be(6);
    }

    [Theory]
    [InlineData("""{ "maxRank": 5 }""", "must be at most 4")]
    [InlineData("""{ "maxRank": -1 }""", "must be at least 0")]
    [InlineData("""{ "onUnavailable": "allow" }""", "maxRank")]
    [InlineData("""{ "maxRank": 2, "onUnavailable": "maybe" }""", "must be one of")]
    [InlineData("""{ "maxRank": 2, "maxrank": 1 }""", "unknown key 'maxrank' in 'registerRisk' (did you mean 'maxRank'?)")]
    [InlineData("""2""", "must be an object")]
    public async Task RegisterRisk_is_checked_by_the_schema(string registerRisk, string expected)
    {
        App.Element("auths/loginTypes/risk", $$"""{ "title": "Risk", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./c.json", "registerRisk": {{registerRisk}} }""");
        App.Write("elements/auths/loginTypes/risk/c.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "s" } }""");

        var app = await TestRuntime.LoadAsync(App);

        // An unknown key is a warning (JIT045) like everywhere else; every other rule is an error.
        app.Diagnostics.Should().Contain(d => (d.IsError || d.Code == DiagnosticCodes.UnknownKey) && d.Message.Contains(expected, StringComparison.Ordinal),
            string.Join("\n", app.Diagnostics));
    }

    [Fact]
    public async Task A_value_outside_an_enumeration_lists_the_allowed_values()
    {
        App.Element("badEntry", """{ "title": "x", "type": "auths.loginTypes.WeChatMiniType", "backendBundleEntry": "./src" }""");

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.ValueNotAllowed && d.Message == "'backendBundleEntry' must be one of: \".\"");
    }

    [Fact]
    public async Task An_unknown_type_suggests_the_close_registered_name()
    {
        App.Element("auths/loginTypes/typo", """
            {
              "title": "Typo",
              "type": "auths.loginTypes.WeChatMiniTyp"
            }
            """);

        var error = await SingleError(DiagnosticCodes.UnknownType);

        error.Message.Should().Contain("unknown type 'auths.loginTypes.WeChatMiniTyp'").And.Contain("did you mean 'auths.loginTypes.WeChatMiniType'");
        error.Line.Should().Be(3);
        error.Column.Should().BeGreaterThan(1);
    }

    [Fact]
    public async Task A_cycle_of_type_elements_is_reported_on_every_member()
    {
        App.Element("types/A", """{ "title": "A", "type": "types.B" }""");
        App.Element("types/B", """{ "title": "B", "type": "types.A" }""");
        App.Element("types/user", """{ "title": "Uses A", "type": "types.A" }""");

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Where(d => d.Code == DiagnosticCodes.TypeCycle).Select(d => d.Path)
            .Should().BeEquivalentTo("elements/types/A/e.json", "elements/types/B/e.json");
        app.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.TypeCycle && d.Message.Contains("types.A -> types.B -> types.A"));
        app.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.BrokenType && d.Path == "elements/types/user/e.json");
    }

    [Fact]
    public async Task An_element_that_names_itself_without_anything_to_wrap_is_a_cycle()
    {
        App.Element("types/Self", """{ "title": "Self", "type": "types.Self" }""");

        var error = await SingleError(DiagnosticCodes.TypeCycle);

        error.Message.Should().Contain("names the element itself");
    }

    [Fact]
    public async Task A_meta_used_as_an_instance_suggests_the_types_of_its_family()
    {
        App.Element("auths/loginTypes/abstract", """{ "title": "Abstract", "type": "auths.loginTypes.Meta" }""");

        var error = await SingleError(DiagnosticCodes.MetaAsInstance);

        error.Message.Should().Contain("is a Meta").And.Contain("'auths.loginTypes.WeChatMiniType'");
    }

    [Fact]
    public async Task An_element_whose_type_element_is_broken_says_which_one_and_why()
    {
        App.Element("types/BadType", """{ "title": "Bad", "type": "auths.loginTypes.WeChatMiniType", "allowRegister": 7 }""");
        App.WeChatLogin("apps/login", type: "types.BadType");

        var app = await TestRuntime.LoadAsync(App);

        var broken = app.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.BrokenType).Subject;
        broken.Path.Should().Be("elements/apps/login/e.json");
        broken.Message.Should().Contain("'types.BadType'").And.Contain("JIT006");
        app.FindElement("apps.login")!.Status.Should().Be(ElementStatus.Broken);
    }

    [Fact]
    public async Task A_utf8_byte_order_mark_is_accepted()
    {
        App.WeChatLogin("auths/loginTypes/bom");
        var path = Path.Combine(App.Directory, "elements/auths/loginTypes/bom/e.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. File.ReadAllBytes(path)]);

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().BeEmpty();
        app.FindElement("auths.loginTypes.bom")!.Status.Should().Be(ElementStatus.Ready);
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_reported_at_their_position()
    {
        App.WriteBytes("elements/latin1/e.json", [.. "{\n  \"title\": \""u8, 0xE9, .. "t\\u00e9\",\n  \"type\": \"a.b\"\n}"u8]);

        var error = await SingleError(DiagnosticCodes.UnreadableFile);

        error.Line.Should().Be(2);
        error.Column.Should().Be(13);
        error.Message.Should().Contain("not valid UTF-8");
    }

    [Fact]
    public async Task A_declaration_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        App.Element("huge", "{ \"title\": \"x\", \"type\": \"a.b\", \"description\": \"" + new string('x', 1024 * 1024) + "\" }");

        var error = await SingleError(DiagnosticCodes.FileTooLarge);

        error.Message.Should().Contain("at most 1,048,576 bytes");
    }

    [Fact]
    public async Task One_bad_element_never_hides_another()
    {
        App.Element("a/broken1", "{ nope");
        App.Element("a/broken2", """{ "title": "x", "type": "no.such.Type" }""");
        App.Element("a/broken3", """{ "type": "auths.loginTypes.WeChatMiniType" }""");
        App.WeChatLogin("a/good");

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Where(d => d.IsError).Select(d => (d.Path, d.Code)).Should().BeEquivalentTo(new[]
        {
            ("elements/a/broken1/e.json", DiagnosticCodes.MalformedJson),
            ("elements/a/broken2/e.json", DiagnosticCodes.UnknownType),
            ("elements/a/broken3/e.json", DiagnosticCodes.MissingRequiredKey),
        });
        app.FindElement("a.good")!.Status.Should().Be(ElementStatus.Ready);
        app.Elements.Where(e => e.Status == ElementStatus.Broken).Select(e => e.FullName).Should().Equal("a.broken1", "a.broken2", "a.broken3");
    }
}
