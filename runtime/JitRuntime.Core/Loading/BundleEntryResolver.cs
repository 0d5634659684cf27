using JitRuntime.Diagnostics;

namespace JitRuntime.Loading;

/// <summary>
/// Resolves <c>frontBundleEntry</c> inside its element folder. A path that leaves the folder — <c>..</c>, an absolute
/// path, or a symbolic link that points out — is refused, so an element can never make the runtime read other files.
/// </summary>
internal static class BundleEntryResolver
{
    /// <summary>
    /// The resolved file and its path inside the element folder (forward slashes, as diagnostics print it), or the code
    /// and message of why it is refused.
    /// </summary>
    public readonly record struct Result(string? FullPath, string? PathInFolder, string? Code, string? Message)
    {
        public static Result Refused(string code, string message) => new(null, null, code, message);
    }

    public static Result Resolve(string elementDirectory, string realElementDirectory, string entry)
    {
        if (entry.Any(char.IsControl) || entry.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return Result.Refused(DiagnosticCodes.BundleEntryNotFound,
                "frontBundleEntry contains a control character, so it cannot name a file; expected a path such as './config.json'");
        }

        try
        {
            return ResolvePath(elementDirectory, realElementDirectory, entry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Result.Refused(DiagnosticCodes.BundleEntryNotFound, $"frontBundleEntry '{entry}' cannot be resolved: {ex.Message}");
        }
    }

    private static Result ResolvePath(string elementDirectory, string realElementDirectory, string entry)
    {
        if (Path.IsPathRooted(entry) || entry.StartsWith('/') || entry.StartsWith('\\') || entry.Contains(':', StringComparison.Ordinal))
        {
            return Outside($"frontBundleEntry '{entry}' is an absolute path; expected a file inside the element folder such as './config.json'");
        }

        // The element folder comes from the scan as a full path already; it is normalised once here.
        var folder = Path.GetFullPath(elementDirectory).TrimEnd(Path.DirectorySeparatorChar);
        var full = Path.GetFullPath(Path.Combine(folder, entry));
        if (!IsInside(full, folder))
        {
            return Outside($"frontBundleEntry '{entry}' leaves the element folder; expected a file inside it such as './config.json'");
        }

        var info = new FileInfo(full);
        if (!info.Exists)
        {
            return Directory.Exists(full)
                ? Result.Refused(DiagnosticCodes.BundleEntryNotFound, $"frontBundleEntry '{entry}' is a folder; expected a JSON file")
                : Result.Refused(DiagnosticCodes.BundleEntryNotFound, $"frontBundleEntry '{entry}' does not exist in the element folder");
        }

        // Cheap path first: a plain file directly in a plain folder cannot lead anywhere else.
        var plain = (info.Attributes & FileAttributes.ReparsePoint) == 0 && Path.GetDirectoryName(full.AsSpan()).SequenceEqual(folder);
        var real = plain ? Path.Combine(realElementDirectory, info.Name) : ElementScanner.RealPath(full);
        if (!IsInside(real, Path.GetFullPath(realElementDirectory).TrimEnd(Path.DirectorySeparatorChar)))
        {
            return Outside($"frontBundleEntry '{entry}' is a symbolic link that leads out of the element folder; copy the file into the folder instead");
        }

        return new Result(full, full[(folder.Length + 1)..].Replace(Path.DirectorySeparatorChar, '/'), null, null);
    }

    /// <summary>Whether <paramref name="path"/> is below <paramref name="directory"/> (full paths, no trailing separator).</summary>
    private static bool IsInside(string path, string directory) =>
        path.Length > directory.Length && path[directory.Length] == Path.DirectorySeparatorChar && path.StartsWith(directory, StringComparison.Ordinal);

    private static Result Outside(string message) => Result.Refused(DiagnosticCodes.BundleEntryOutsideFolder, message);
}
