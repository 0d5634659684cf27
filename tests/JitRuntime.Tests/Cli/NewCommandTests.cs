using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JitRuntime.Elements;
using JitRuntime.Host.Cli;
using JitRuntime.Tests.Host;
using JitRuntime.Tests.Support;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Tests.Cli;

/// <summary><c>jit types</c> and <c>jit new</c>: what an app can name, and new elements written from their Type's schemas.</summary>
public sealed class NewCommandTests : TempAppTest
{
    private static Task<(int Exit, string Out, string Err)> Jit(params string[] args) => JitCli.RunAsync(args);

    private string ElementFile(string path) => Path.Combine(App.Directory, "elements", path);

    /// <summary>A Type element on disk that wraps the WeChat login with its own configuration.</summary>
    private void WriteCompanyType()
    {
        App.Element("company/OpenWeChatType", """{ "title": "Company WeChat login", "type": "auths.loginTypes.WeChatMiniType", "allowRegister": 1 }""");
        App.Write("elements/company/OpenWeChatType/OpenWeChatType.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "s3cr3t" } }""");
    }

    [Fact]
    public async Task Types_lists_the_registered_Metas_and_Types_and_the_Type_elements_on_disk()
    {
        WriteCompanyType();

        var (exit, text, _) = await Jit("types", App.Directory);
        var (jsonExit, json, _) = await Jit("types", App.Directory, "--format", "json");

        exit.Should().Be(0);
        text.Should().Contain("auths.loginTypes.Meta").And.Contain("databases.PgSqlType").And.Contain("company.OpenWeChatType");
        jsonExit.Should().Be(0);
        var types = JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        types["auths.loginTypes.Meta"].GetProperty("kind").GetString().Should().Be("meta");
        var weChat = types["auths.loginTypes.WeChatMiniType"];
        weChat.GetProperty("meta").GetString().Should().Be("auths.loginTypes.Meta");
        weChat.GetProperty("configurationSchema").GetString().Should().Be("auths.loginTypes.WeChatMiniType.config.schema.json");
        weChat.GetProperty("configurationRequired").GetBoolean().Should().BeTrue();
        weChat.GetProperty("functionList").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Should().Contain(["getLoginCode", "register"]);
        var company = types["company.OpenWeChatType"];
        company.GetProperty("source").GetString().Should().Be("element");
        company.GetProperty("extends").GetString().Should().Be("auths.loginTypes.WeChatMiniType");
        company.GetProperty("configurationRequired").GetBoolean().Should().BeFalse("the Type element carries one for its instances");
    }

    [Fact]
    public async Task New_writes_e_json_and_its_configuration_typed_by_the_schemas_with_secrets_as_placeholders()
    {
        var (exit, output, error) = await Jit("new", "auths.loginTypes.WeChatMiniType", "auths.loginTypes.shopLogin", "--app", App.Directory,
            "--title", "Shop login", "--set", "allowRegister=1", "--set", "authConfig.appId=wx0123456789abcdef");

        exit.Should().Be(0, error);
        output.Should().Contain("created elements/auths/loginTypes/shopLogin/e.json").And.Contain("created elements/auths/loginTypes/shopLogin/shopLogin.json")
            .And.Contain("set the environment variable SHOP_LOGIN_APP_SECRET");
        var declaration = JObject.Parse(File.ReadAllText(ElementFile("auths/loginTypes/shopLogin/e.json")));
        declaration["title"]!.Value<string>().Should().Be("Shop login");
        declaration["type"]!.Value<string>().Should().Be("auths.loginTypes.WeChatMiniType");
        declaration["backendBundleEntry"]!.Value<string>().Should().Be(".");
        declaration["frontBundleEntry"]!.Value<string>().Should().Be("./shopLogin.json");
        declaration["allowRegister"]!.Type.Should().Be(JTokenType.Integer, "the schema says integer: 1 is a number");
        declaration["$schema"]!.Value<string>().Should().EndWith("auths.loginTypes.WeChatMiniType.element.schema.json");
        File.Exists(Path.Combine(ElementFile("auths/loginTypes/shopLogin"), declaration["$schema"]!.Value<string>()!)).Should().BeTrue("$schema leads to the schema");
        var configuration = JObject.Parse(File.ReadAllText(ElementFile("auths/loginTypes/shopLogin/shopLogin.json")));
        configuration["authConfig"]!["appSecret"]!.Value<string>().Should().Be("${SHOP_LOGIN_APP_SECRET}");

        await using var app = await TestRuntime.LoadAsync(App, environment: new Dictionary<string, string> { ["SHOP_LOGIN_APP_SECRET"] = "from-the-environment" });
        app.Diagnostics.Should().BeEmpty();
        app.FindElement("auths.loginTypes.shopLogin")!.Status.Should().Be(ElementStatus.Ready);
    }

    [Fact]
    public async Task An_instance_of_a_Type_element_with_a_configuration_needs_no_configuration_of_its_own()
    {
        WriteCompanyType();

        var (exit, output, error) = await Jit("new", "company.OpenWeChatType", "company.storeLogin", "--app", App.Directory);

        exit.Should().Be(0, error);
        output.Should().Contain("created elements/company/storeLogin/e.json").And.NotContain(".json\ncreated");
        Directory.GetFiles(ElementFile("company/storeLogin")).Select(Path.GetFileName).Should().Equal("e.json");
    }

    [Fact]
    public async Task An_instance_of_the_apps_own_private_Type_element_is_checked_as_the_app_would_load_it()
    {
        // Private means "not inherited by other apps": the app itself uses its private Type, and so may jit new.
        App.Element("company/PrivateWeChatType", """{ "title": "Private WeChat login", "type": "auths.loginTypes.WeChatMiniType", "accessModifier": "private" }""");
        App.Write("elements/company/PrivateWeChatType/PrivateWeChatType.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "s3cr3t" } }""");

        var (exit, output, error) = await Jit("new", "company.PrivateWeChatType", "company.backOfficeLogin", "--app", App.Directory);

        exit.Should().Be(0, error + output);
        output.Should().Contain("created elements/company/backOfficeLogin/e.json");
        var app = await TestRuntime.LoadAsync(App);
        app.Diagnostics.Should().BeEmpty("what jit new accepted, the app loads");
        app.FindElement("company.backOfficeLogin")!.Status.Should().Be(ElementStatus.Ready);
    }

    [Fact]
    public async Task The_check_writes_nothing_through_a_linked_folder_of_the_app()
    {
        using var outside = new TempApp("outside");
        Directory.CreateDirectory(Path.Combine(outside.Directory, "shared"));
        Directory.CreateSymbolicLink(ElementFile("linked"), Path.Combine(outside.Directory, "shared"));

        var (exit, _, error) = await Jit("new", "auths.loginTypes.WeChatMiniType", "linked.shopLogin", "--app", App.Directory);

        exit.Should().Be(NewCommand.Refused, "authConfig.appId is missing");
        error.Should().Contain("nothing was written");
        Directory.EnumerateFileSystemEntries(Path.Combine(outside.Directory, "shared")).Should().BeEmpty(
            "the check's copy of the app holds no link, so its files never land in the linked folder");
    }

    [Fact]
    public async Task A_required_value_left_out_is_reported_where_it_belongs_and_nothing_is_written()
    {
        var (exit, output, error) = await Jit("new", "auths.loginTypes.WeChatMiniType", "auths.loginTypes.shopLogin", "--app", App.Directory);

        exit.Should().Be(NewCommand.Refused);
        output.Should().Contain("elements/auths/loginTypes/shopLogin/shopLogin.json:").And.Contain("error JIT022: missing required key 'appId' in 'authConfig'");
        error.Should().Contain("nothing was written");
        Directory.Exists(ElementFile("auths/loginTypes/shopLogin")).Should().BeFalse();
    }

    [Fact]
    public async Task An_existing_element_is_never_overwritten()
    {
        App.WeChatLogin("auths/loginTypes/shopLogin");
        var before = File.ReadAllText(ElementFile("auths/loginTypes/shopLogin/e.json"));

        var (exit, _, error) = await Jit("new", "auths.loginTypes.WeChatMiniType", "auths.loginTypes.shopLogin", "--app", App.Directory,
            "--set", "authConfig.appId=wx0123456789abcdef");

        exit.Should().Be(NewCommand.Refused);
        error.Should().Contain("exists already").And.Contain("never overwrites");
        File.ReadAllText(ElementFile("auths/loginTypes/shopLogin/e.json")).Should().Be(before);
    }

    [Theory]
    [InlineData("auths.loginTypes.WeChatMiniTyp", "auths.loginTypes.x", null, "did you mean 'auths.loginTypes.WeChatMiniType'?")]
    [InlineData("auths.loginTypes.Meta", "auths.loginTypes.x", null, "is a Meta")]
    [InlineData("auths.loginTypes.WeChatMiniType", "auths.login Types.x", null, "is not a fullName")]
    [InlineData("auths.loginTypes.WeChatMiniType", "auths.loginTypes.x", "alowRegister=1", "did you mean 'allowRegister'?")]
    [InlineData("auths.loginTypes.WeChatMiniType", "auths.loginTypes.x", "allowRegister=yes", "the schema says integer")]
    [InlineData("auths.loginTypes.WeChatMiniType", "auths.loginTypes.x", "authConfig.appSecret=hunter2", "a secret never takes a value on the command line")]
    [InlineData("auths.loginTypes.WeChatMiniType", "auths.loginTypes.x", "allowRegister", "write KEY=VALUE")]
    public async Task Usage_errors_exit_two_and_write_nothing(string type, string fullName, string? set, string expected)
    {
        string[] args = ["new", type, fullName, "--app", App.Directory, .. set is null ? Array.Empty<string>() : ["--set", set]];

        var (exit, _, error) = await Jit(args);

        exit.Should().Be(JitCommandLine.UsageError, error);
        error.Should().Contain(expected).And.NotContain("hunter2");
        Directory.EnumerateFileSystemEntries(Path.Combine(App.Directory, "elements"), "*", SearchOption.AllDirectories).Should().BeEmpty("nothing was written");
    }

    [Fact]
    public async Task A_running_host_serves_the_new_element_after_its_debounce()
    {
        await using var weChat = await JitRuntime.Fakes.FakeWeChatServer.StartAsync();
        App.Write("app.json", $$"""
            { "name": "newApp", "settings": { "WeChat": { "ApiBaseUrl": "{{weChat.BaseUrl}}" }, "Host": { "ReloadDebounce": "00:00:00.100" } } }
            """);
        App.Element("auths/loginTypes/services/AuthSvc", """{ "title": "Sessions", "type": "auths.loginTypes.services.AuthSvcType" }""");
        await using var host = await InProcessHost.StartAsync(App.Directory);
        Environment.SetEnvironmentVariable("FRESH_LOGIN_APP_SECRET", JitRuntime.Fakes.FakeWeChatServer.AppSecret);
        try
        {
            var (exit, _, error) = await Jit("new", "auths.loginTypes.WeChatMiniType", "auths.loginTypes.freshLogin", "--app", App.Directory,
                "--set", "allowRegister=1", "--set", $"authConfig.appId={JitRuntime.Fakes.FakeWeChatServer.AppId}");
            exit.Should().Be(0, error);

            HttpStatusCode status = default;
            string body = "";
            for (var attempt = 0; attempt < 100 && status != HttpStatusCode.OK; attempt++)
            {
                await Task.Delay(100);
                using var response = await host.Http.PostAsync("/api/elements/auths.loginTypes.freshLogin/getLoginCode",
                    JsonContent.Create(new { code = weChat.IssueCode("openid-fresh") }));
                (status, body) = (response.StatusCode, await response.Content.ReadAsStringAsync());
            }

            status.Should().Be(HttpStatusCode.OK, body);
            JsonDocument.Parse(body).RootElement.GetProperty("bindCode").GetString().Should().HaveLength(43);
        }
        finally
        {
            Environment.SetEnvironmentVariable("FRESH_LOGIN_APP_SECRET", null);
        }
    }
}
