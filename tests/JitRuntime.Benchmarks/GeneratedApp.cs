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

    public int Count { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
