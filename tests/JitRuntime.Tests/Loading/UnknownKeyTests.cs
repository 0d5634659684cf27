using System.Text.Json;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Loading;

/// <summary>
/// A misspelt key must not pass silently (it leaves the intended key at its default): JIT045 names it, where it is and
/// the key that was probably meant. A warning, so that an app written for a newer runtime still loads; an error with
/// <c>--strict</c> or <c>Validation:Strict</c>.
/// </summary>
public sealed class UnknownKeyTests : TempAppTest
{
    [Fact]
    public async Task A_misspelt_declaration_key_is_a_warning_with_the_key_meant_and_the_element_still_loads()
    {
        App.WeChatLogin("login");
        App.Element("login", $$"""
            {
              "title": "Login",
              "type": "{{TempApp.WeChatType}}",
              "frontBundleEntry": "./login.json",
              "alowRegister": 1
            }
            """);

        var app = await TestRuntime.LoadAsync(App);

        var warning = app.Diagnostics.Should().ContainSingle().Subject;
        warning.Should().BeEquivalentTo(new
        {
            Path = "elements/login/e.json",
            Line = 5,
            Code = DiagnosticCodes.UnknownKey,
            Severity = DiagnosticSeverity.Warning,
        });
        warning.Message.Should().Be("unknown key 'alowRegister' (did you mean 'allowRegister'?); it is ignored (--strict makes this an error)");
        app.Elements.Single().Status.Should().Be(ElementStatus.Ready);
    }

    [Fact]
    public async Task A_misspelt_key_inside_a_configuration_object_is_named_with_its_parent()
    {
        App.Element("login", $$"""{ "title": "Login", "type": "{{TempApp.WeChatType}}" }""");
        App.Write("elements/login/login.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "s", "apSecret": "t" } }""");

        var app = await TestRuntime.LoadAsync(App);

        var warning = app.Diagnostics.Should().ContainSingle().Subject;
        warning.Code.Should().Be(DiagnosticCodes.UnknownKey);
        warning.Path.Should().Be("elements/login/login.json");
        warning.Message.Should().StartWith("unknown key 'apSecret' in 'authConfig' (did you mean 'appSecret'?)");
    }

    [Fact]
    public async Task Keys_in_function_entries_and_database_configurations_are_checked_too()
    {
        App.Element("login", $$"""{ "title": "Login", "type": "{{TempApp.WeChatType}}", "functionList": [{ "name": "getLoginCode", "titel": "Get" }] }""");
        App.Write("elements/login/login.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "s" } }""");
        App.Element("databases/Default", """{ "title": "Database", "type": "databases.PgSqlType" }""");
        App.Write("elements/databases/Default/Default.json", """{ "host": "db", "dbname": "app", "user": "jit", "pasword": "typo" }""");

        var app = await TestRuntime.LoadAsync(App, s => s.AddDatabaseElements());

        app.Diagnostics.Should().OnlyContain(d => d.Code == DiagnosticCodes.UnknownKey && !d.IsError);
        app.Diagnostics.Select(d => d.Message).Should().BeEquivalentTo(
            "unknown key 'pasword' (did you mean 'password'?); it is ignored (--strict makes this an error)",
            "unknown key 'titel' in 'functionList[0]' (did you mean 'title'?); it is ignored (--strict makes this an error)");
    }

    [Fact]
    public async Task Strict_makes_an_unknown_key_an_error_that_breaks_the_element()
    {
        App.WeChatLogin("login");
        App.Write("elements/login/login.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "s", "region": "cn" } }""");

        var app = await TestRuntime.LoadAsync(App, s => s.Configure<JitRuntimeOptions>(o => o.StrictKeys = true));

        var error = app.Diagnostics.Should().ContainSingle().Subject;
        error.IsError.Should().BeTrue();
        error.Message.Should().Be("unknown key 'region' in 'authConfig'; it is ignored");
        app.Elements.Single().Status.Should().Be(ElementStatus.Broken);
    }

    [Fact]
    public async Task Jit_validate_strict_and_the_apps_Validation_Strict_setting_fail_the_run()
    {
        App.WeChatLogin("login");
        App.Element("login", $$"""{ "title": "Login", "type": "{{TempApp.WeChatType}}", "frontBundleEntry": "./login.json", "alowRegister": 1 }""");

        var (lenient, _, _) = await JitCli.RunAsync("validate", App.Directory);
        var (strict, output, _) = await JitCli.RunAsync("validate", App.Directory, "--strict");
        var manifest = JsonSerializer.Deserialize<Dictionary<string, object>>(File.ReadAllText(Path.Combine(App.Directory, "app.json")))!;
        manifest["settings"] = new { Validation = new { Strict = true } };
        App.Write("app.json", JsonSerializer.Serialize(manifest));
        var (bySetting, _, _) = await JitCli.RunAsync("validate", App.Directory);

        lenient.Should().Be(0);
        strict.Should().Be(1);
        output.Should().Contain("error JIT045: unknown key 'alowRegister' (did you mean 'allowRegister'?)");
        bySetting.Should().Be(1);
    }

    [Fact]
    public void Every_Type_declaration_schema_names_every_common_key_so_that_it_can_close_its_objects()
    {
        var schemas = Path.Combine(TestRuntime.RepositoryRoot, "schemas");
        using var common = JsonDocument.Parse(File.ReadAllText(Path.Combine(schemas, "element.schema.json")));
        var commonKeys = common.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();

        var typeSchemas = Directory.GetFiles(schemas, "*.element.schema.json");
        typeSchemas.Should().NotBeEmpty();
        foreach (var file in typeSchemas)
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(file));
            var root = schema.RootElement;
            root.GetProperty("additionalProperties").GetBoolean().Should().BeFalse(file);
            var named = root.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
            named.Should().Contain(commonKeys, file);
            var own = root.GetProperty("allOf").EnumerateArray().Where(p => p.TryGetProperty("properties", out _))
                .SelectMany(p => p.GetProperty("properties").EnumerateObject().Select(k => k.Name));
            named.Should().Contain(own, file);
        }
    }
}
