namespace JitRuntime.Tests.Support;

/// <summary>Copies of folders on disk: the sample app, an app for another node, a staged deploy.</summary>
public static class Folders
{
    /// <summary>Copies every file under <paramref name="from"/> to <paramref name="to"/>, except those <paramref name="skip"/> names (by relative path).</summary>
    public static void CopyTree(string from, string to, Func<string, bool>? skip = null)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (skip?.Invoke(relative) == true)
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>Copies the repository's sample app (app.json and elements/) into <paramref name="to"/>.</summary>
    public static void CopySampleApp(string to)
    {
        File.Copy(Path.Combine(TestRuntime.RepositoryRoot, "app.json"), Path.Combine(to, "app.json"), overwrite: true);
        CopyTree(Path.Combine(TestRuntime.RepositoryRoot, "elements"), Path.Combine(to, "elements"));
    }
}
