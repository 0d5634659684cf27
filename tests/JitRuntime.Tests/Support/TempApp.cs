using System.Text;

namespace JitRuntime.Tests.Support;

/// <summary>A real app folder in a temporary directory: app.json, elements/, and whatever files a test writes.</summary>
public sealed class TempApp : IDisposable
{
    public const string WeChatType = "auths.loginTypes.WeChatMiniType";
    public const string ValidAppId = "wx0123456789abcdef";

    public TempApp(string name = "testApp", string? extendsJson = null, string? root = null)
    {
        Directory = root ?? Path.Combine(Path.GetTempPath(), "jit-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "elements"));
        Write("app.json", $$"""
            {
              "name": "{{name}}",
              "title": "Test app",
              "version": "1.0.0",
              "extends": {{extendsJson ?? "[]"}}
            }
            """);
    }

    public string Directory { get; }

    /// <summary>Writes a file (UTF-8, no BOM) at a path relative to the app folder, creating folders.</summary>
    public string Write(string relativePath, string content) => WriteBytes(relativePath, new UTF8Encoding(false).GetBytes(content));

    public string WriteBytes(string relativePath, byte[] content)
    {
        var path = Path.Combine(Directory, relativePath);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes <c>elements/{folder}/e.json</c>; <paramref name="folder"/> uses slashes.</summary>
    public string Element(string folder, string declaration) => Write($"elements/{folder}/e.json", declaration);

    /// <summary>A complete, valid WeChat Mini Program login element with its business configuration.</summary>
    public void WeChatLogin(string folder, int? allowRegister = null, string appSecret = "s3cr3t-value", string type = WeChatType)
    {
        var name = folder.Split('/')[^1];
        Element(folder, $$"""
            {
              "title": "Login {{name}}",
              "type": "{{type}}",
              "backendBundleEntry": ".",
              "frontBundleEntry": "./{{name}}.json"{{(allowRegister is { } a ? $",\n  \"allowRegister\": {a}" : "")}}
            }
            """);
        Write($"elements/{folder}/{name}.json", $$"""
            {
              "authConfig": {
                "appId": "{{ValidAppId}}",
                "appSecret": "{{appSecret}}"
              }
            }
            """);
    }

    public void Dispose()
    {
        try
        {
            MakeWritable(Directory);
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }

    private static void MakeWritable(string directory)
    {
        if (!OperatingSystem.IsWindows() && System.IO.Directory.Exists(directory))
        {
            foreach (var dir in System.IO.Directory.EnumerateDirectories(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }).Prepend(directory))
            {
                File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }
}
