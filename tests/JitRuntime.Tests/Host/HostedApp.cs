using JitRuntime.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Host;

/// <summary>
/// An app on disk wired to a fake WeChat on 127.0.0.1 through its app.json settings, with an open and a closed
/// WeChat login element and the AuthSvc element; <see cref="StartHostAsync"/> serves it with the real host process.
/// </summary>
public sealed class HostedApp : IAsyncDisposable
{
    public const string OpenLogin = "auths.loginTypes.openLogin";
    public const string ClosedLogin = "auths.loginTypes.closedLogin";
    public const string AuthSvc = "auths.loginTypes.services.AuthSvc";
    public const string CompanyType = "company.OpenWeChatType";

    private HostedApp(FakeWeChatServer weChat, TempApp app)
    {
        WeChat = weChat;
        App = app;
    }

    public FakeWeChatServer WeChat { get; }

    public TempApp App { get; }

    public static async Task<HostedApp> CreateAsync(string extraSettings = "", string? root = null)
    {
        var weChat = await FakeWeChatServer.StartAsync();
        var app = new TempApp(root: root);
        app.Write("app.json", $$"""
            {
              "name": "hostedApp",
              "settings": {
                "WeChat": { "ApiBaseUrl": "{{weChat.BaseUrl}}", "Timeout": "00:00:05", "RetryDelay": "00:00:00.010" },
                "Host": { "RateLimit": { "PermitLimit": 10000 }, "ReloadDebounce": "00:00:00.200" }{{extraSettings}}
              }
            }
            """);
        var hosted = new HostedApp(weChat, app);
        hosted.WriteLogin("openLogin", allowRegister: 1);
        hosted.WriteLogin("closedLogin", allowRegister: 0);
        app.Element("auths/loginTypes/services/AuthSvc", """{ "title": "Sessions", "type": "auths.loginTypes.services.AuthSvcType" }""");
        return hosted;
    }

    public void WriteLogin(string name, int allowRegister, string appSecret = FakeWeChatServer.AppSecret)
    {
        App.Element($"auths/loginTypes/{name}", $$"""
            { "title": "{{name}}", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./config.json", "allowRegister": {{allowRegister}} }
            """);
        App.Write($"elements/auths/loginTypes/{name}/config.json", $$"""
            { "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{appSecret}}" } }
            """);
    }

    /// <summary>A Type element on disk wrapping the WeChat login with allowRegister 1 and the fake's credentials.</summary>
    public void WriteTypeElement(string fullName)
    {
        var folder = fullName.Replace('.', '/');
        App.Element(folder, """{ "title": "Company WeChat login", "type": "auths.loginTypes.WeChatMiniType", "allowRegister": 1 }""");
        App.Write($"elements/{folder}/{fullName.Split('.')[^1]}.json",
            $$"""{ "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }""");
    }

    public Task<HostProcess> StartHostAsync() => HostProcess.StartAsync(App.Directory);

    public async ValueTask DisposeAsync()
    {
        await WeChat.DisposeAsync();
        App.Dispose();
    }
}
