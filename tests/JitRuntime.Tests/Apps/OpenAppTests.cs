using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using JitRuntime.Fakes;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Apps;

/// <summary><c>JitApps.OpenAsync</c>: an app opened in one call the way the host opens it, called by name like HTTP.</summary>
public sealed class OpenAppTests : TempAppTest
{
    private async Task<JitRuntime.Apps.JitApp> OpenAsync(FakeWeChatServer weChat) => await JitApps.OpenAsync(App.Directory, builder =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:ApiBaseUrl"] = weChat.BaseUrl,
            ["WeChat:RetryDelay"] = "00:00:00.010",
        }));

    [Fact]
    public async Task An_opened_app_is_called_by_name_with_the_same_arguments_checks_results_and_errors_as_HTTP()
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        App.WeChatLogin("auths/loginTypes/login", allowRegister: 1, appSecret: FakeWeChatServer.AppSecret);
        App.Write("elements/auths/loginTypes/login/login.json",
            $$"""{ "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }""");
        await using var app = await OpenAsync(weChat);

        var result = await app.CallAsync("auths.loginTypes.login", "getLoginCode", new { code = weChat.IssueCode("openid-script") });
        result.GetProperty("bindCode").GetString().Should().HaveLength(43);
        result.GetProperty("expiresIn").GetInt32().Should().Be(300);

        using var json = JsonDocument.Parse("""{ "bindCode": "not-a-code" }""");
        var bad = () => app.CallAsync("auths.loginTypes.login", "register", json.RootElement);
        (await bad.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("invalid_argument");
        var unknownArgument = () => app.CallAsync("auths.loginTypes.login", "getLoginCode", new { code = "x", extra = 1 });
        (await unknownArgument.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("invalid_arguments");
        var unknownFunction = () => app.CallAsync("auths.loginTypes.login", "deleteEverything");
        (await unknownFunction.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("method_not_found");
        var unknownElement = () => app.CallAsync("auths.loginTypes.logni", "getLoginCode", new { code = "x" });
        (await unknownElement.Should().ThrowAsync<ElementNotFoundException>()).Which.Message.Should().Contain("auths.loginTypes.login");
        app.GetElement("auths.loginTypes.login").Should().BeOfType<JitRuntime.Auths.LoginTypes.WeChatMini.WeChatMiniType>();
    }

    [Fact]
    public async Task Settings_and_services_can_be_changed_and_disposing_the_app_closes_what_it_opened()
    {
        await using var weChat = await FakeWeChatServer.StartAsync();
        App.WeChatLogin("auths/loginTypes/login", allowRegister: 1);
        App.Write("elements/auths/loginTypes/login/login.json",
            $$"""{ "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }""");
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var app = await JitApps.OpenAsync(App.Directory, builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["WeChat:ApiBaseUrl"] = weChat.BaseUrl,
                ["Database:Path"] = "custom/where.db",
            });
            builder.Services.AddSingleton<TimeProvider>(clock);
        });

        var registered = await app.CallAsync("auths.loginTypes.login", "register", new
        {
            bindCode = (await app.CallAsync("auths.loginTypes.login", "getLoginCode", new { code = weChat.IssueCode("openid-clock") })).GetProperty("bindCode").GetString(),
        });
        registered.GetProperty("createdAt").GetDateTimeOffset().Should().Be(clock.GetUtcNow(), "the script's TimeProvider is used");
        File.Exists(Path.Combine(App.Directory, "custom/where.db")).Should().BeTrue("the script's Database:Path is used");

        await app.DisposeAsync();

        var wal = Path.Combine(App.Directory, "custom/where.db-wal");
        (!File.Exists(wal) || new FileInfo(wal).Length == 0).Should().BeTrue("disposing the app closed its database cleanly");
        var afterwards = () => app.GetElement("auths.loginTypes.login");
        afterwards.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public async Task Opening_a_folder_that_is_not_an_app_throws_at_once_naming_its_absolute_path()
    {
        var empty = Path.Combine(App.Directory, "empty");
        Directory.CreateDirectory(empty);
        var missing = Path.Combine(App.Directory, "missing");

        var openEmpty = () => JitApps.OpenAsync(empty);
        (await openEmpty.Should().ThrowAsync<JitRuntimeException>()).Which.Message.Should()
            .Contain($"'{empty}' is not an app").And.Contain($"no app.json in '{empty}'").And.Contain("JIT040");
        var openMissing = () => JitApps.OpenAsync(missing);
        (await openMissing.Should().ThrowAsync<JitRuntimeException>()).Which.Message.Should().Contain($"app folder '{missing}' does not exist");
    }

    [Fact]
    public async Task An_element_waiting_only_for_an_environment_variable_says_which_to_set()
    {
        App.Element("auths/loginTypes/login", """{ "title": "Login", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./login.json" }""");
        App.Write("elements/auths/loginTypes/login/login.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "${JIT_TEST_NEVER_SET_SECRET}" } }""");
        await using var app = await JitApps.OpenAsync(App.Directory);

        var act = () => app.CallAsync("auths.loginTypes.login", "getLoginCode", new { code = "c" });

        (await act.Should().ThrowAsync<BrokenElementException>()).Which.Message.Should()
            .StartWith("Element 'auths.loginTypes.login' cannot be created until environment variable JIT_TEST_NEVER_SET_SECRET is set")
            .And.Contain("'authConfig.appSecret' in elements/auths/loginTypes/login/login.json:1:")
            .And.NotContain("warning JIT042");
    }
}
