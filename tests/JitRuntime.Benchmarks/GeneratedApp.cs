namespace JitRuntime.Benchmarks;

/// <summary>An app of <c>count</c> WeChat login elements (e.json + business configuration each) in a temporary folder.</summary>
internal sealed class GeneratedApp : IDisposable
{
    public GeneratedApp(int count)
    {
        Directory = Path.Combine(Path.GetTempPath(), "jit-bench", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, "app.json"), """{ "name": "bench", "title": "Benchmark app" }""");
        for (var i = 0; i < count; i++)
        {
            // 100 elements per group folder, like a real app's families.
            var folder = Path.Combine(Directory, "elements", $"group{i / 100}", $"login{i}");
            System.IO.Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "e.json"), $$"""
                {
                  "title": "Login {{i}}",
                  "type": "auths.loginTypes.WeChatMiniType",
                  "backendBundleEntry": ".",
                  "frontBundleEntry": "./login{{i}}.json",
                  "allowRegister": {{i % 2}}
                }
                """);
            File.WriteAllText(Path.Combine(folder, $"login{i}.json"), $$"""
                {
                  "authConfig": {
                    "appId": "wx{{i:x16}}",
                    "appSecret": "secret-{{i}}"
                  }
                }
                """);
        }

        Count = count;
    }

    public string Directory { get; }

    /// <summary>The login element the login, HTTP and soak benchmarks use (its name is in the hand-written SQL too).</summary>
    public const string LoginElement = "auths.loginTypes.benchLogin";

    /// <summary>The AuthSvc element <see cref="AddLoginElements"/> writes.</summary>
    public const string AuthSvcElement = "auths.loginTypes.services.AuthSvc";

    /// <summary>
    /// Writes app.json pointing at <paramref name="weChatBaseUrl"/> (rate limit out of the way), an open WeChat login
    /// element <see cref="LoginElement"/> with the fake's credentials, and the AuthSvc element.
    /// </summary>
    public void AddLoginElements(string weChatBaseUrl)
    {
        File.WriteAllText(Path.Combine(Directory, "app.json"), $$"""
            { "name": "bench", "settings": { "WeChat": { "ApiBaseUrl": "{{weChatBaseUrl}}" }, "Host": { "RateLimit": { "PermitLimit": 100000000 } } } }
            """);
        var login = Path.Combine(Directory, "elements", "auths", "loginTypes", "benchLogin");
        System.IO.Directory.CreateDirectory(login);
        File.WriteAllText(Path.Combine(login, "e.json"), """
            { "title": "Bench", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./benchLogin.json", "allowRegister": 1 }
            """);
        File.WriteAllText(Path.Combine(login, "benchLogin.json"), $$"""
            { "authConfig": { "appId": "{{JitRuntime.Fakes.FakeWeChatServer.AppId}}", "appSecret": "{{JitRuntime.Fakes.FakeWeChatServer.AppSecret}}" } }
            """);
        var service = Path.Combine(Directory, "elements", "auths", "loginTypes", "services", "AuthSvc");
        System.IO.Directory.CreateDirectory(service);
        File.WriteAllText(Path.Combine(service, "e.json"), """{ "title": "Sessions", "type": "auths.loginTypes.services.AuthSvcType" }""");
    }

    public int Count { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
