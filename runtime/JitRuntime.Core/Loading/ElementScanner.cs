using System.Collections.Concurrent;
using System.IO.Enumeration;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;

namespace JitRuntime.Loading;

/// <summary>
/// Walks an <c>elements/</c> tree and finds every folder holding an <c>e.json</c>. Folder names must be
/// identifiers; symbolic links are followed unless they lead back into a folder being walked or out of the app folder.
/// </summary>
public static class ElementScanner
{
    /// <summary>The declaration file every element folder holds.</summary>
    public const string DeclarationFileName = "e.json";

    /// <summary>Deeper trees are cut off: a backstop against link structures the loop check cannot see.</summary>
    public const int MaxDepth = 32;

    private static readonly EnumerationOptions Enumeration = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Scans <paramref name="elementsDirectory"/>.</summary>
    /// <param name="elementsDirectory">Absolute path of an <c>elements/</c> folder.</param>
    /// <param name="appDirectory">The folder diagnostics paths are relative to.</param>
    /// <param name="layer">Lookup layer stamped on every element found.</param>
    public static ElementScanResult Scan(string elementsDirectory, string appDirectory, int layer)
    {
        var elements = new ConcurrentBag<ElementSource>();
        var diagnostics = new ConcurrentBag<Diagnostic>();
        var root = Path.GetFullPath(elementsDirectory);
        var realRoot = RealPath(root);

        // Links may point anywhere inside the app's own folder; one that leaves it (to /, say) is not followed.
        var realApp = Path.GetDirectoryName(realRoot) is { } parent ? parent.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar : realRoot;

        // Level by level: every folder of one depth is read in parallel, whatever the shape of the tree (one family
        // folder or a hundred), without loops nested in loops.
        List<Folder> level = [new Folder(root, realRoot, Prefix: "", PathDisplay.Relative(appDirectory, root), Depth: 0, new Ancestor(realRoot, null))];
        while (level.Count > 0)
        {
            var next = new ConcurrentBag<Folder>();
            if (level.Count == 1)
            {
                Walk(level[0], next);
            }
            else
            {
                Parallel.ForEach(level, folder => Walk(folder, next));
            }

            level = [.. next];
        }

        // Folders are walked in parallel: order what was found so that every scan of a tree reports it the same way.
        var sortedElements = elements.ToList();
        sortedElements.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        var sortedDiagnostics = diagnostics.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal).ToList();
        return new ElementScanResult(sortedElements, sortedDiagnostics);

        void Walk(Folder folder, ConcurrentBag<Folder> next)
        {
            List<Entry> entries;
            try
            {
                // One directory read per folder: the entries tell both "holds e.json" and "has sub-folders". Only the
                // name and kind are taken from each entry (no FileSystemInfo, no stat per file).
                entries = new FileSystemEnumerable<Entry>(folder.Path, static (ref FileSystemEntry e) => new Entry(e.FileName.ToString(), e.IsDirectory), Enumeration).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(Diagnostic.Error(folder.Display, 0, 0, DiagnosticCodes.UnreadableFile, $"the folder cannot be read: {ex.Message}"));
                return;
            }

            if (folder.Prefix.Length > 0 && entries.Exists(static e => !e.IsDirectory && e.Name == DeclarationFileName))
            {
                elements.Add(new ElementSource(folder.Prefix, folder.Path, Path.Join(folder.Path, DeclarationFileName),
                    folder.Display + "/" + DeclarationFileName, layer, folder.RealPath));
            }

            foreach (var entry in entries)
            {
                if (entry.IsDirectory && Visit(folder, entry.Name) is { } child)
                {
                    next.Add(child);
                }
            }
        }

        Folder? Visit(Folder parent, string name)
        {
            if (name.StartsWith('.'))
            {
                return null; // .git and editor state are not elements.
            }

            // Paths as diagnostics print them are the parent's plus the name (what a relative path of it would be).
            var path = Path.Join(parent.Path, name);
            var display = parent.Display + "/" + name;
            if (!ElementName.IsIdentifier(name))
            {
                if (ContainsDeclaration(path))
                {
                    diagnostics.Add(Diagnostic.Error(display, 0, 0, DiagnosticCodes.InvalidFolderName,
                        $"folder name '{name}' is not an identifier, so the elements below it have no fullName; " +
                        "expected letters, digits and '_', not starting with a digit"));
                }

                return null;
            }

            if (parent.Depth + 1 > MaxDepth)
            {
                diagnostics.Add(Diagnostic.Error(display, 0, 0, DiagnosticCodes.SymlinkLoop,
                    $"folders nest deeper than {MaxDepth} levels; the scan stops here"));
                return null;
            }

            var isLink = IsLink(path);
            var real = isLink ? RealPath(path) : Path.Join(parent.RealPath, name);
            if (isLink && !(real + Path.DirectorySeparatorChar).StartsWith(realApp, StringComparison.Ordinal))
            {
                diagnostics.Add(Diagnostic.Warning(display, 0, 0, DiagnosticCodes.SymlinkOutsideApp,
                    $"'{name}' is a link to a folder outside the app ({real}); the scan does not follow it: " +
                    "copy the elements in, or list the other app in app.json \"extends\""));
                return null;
            }

            if (parent.Ancestors.Contains(real))
            {
                diagnostics.Add(Diagnostic.Warning(display, 0, 0, DiagnosticCodes.SymlinkLoop,
                    $"'{name}' links back to a folder that contains it; the scan does not follow it"));
                return null;
            }

            return new Folder(path, real, parent.Prefix.Length == 0 ? name : parent.Prefix + "." + name, display, parent.Depth + 1,
                new Ancestor(real, parent.Ancestors));
        }
    }

    /// <summary>A folder to read: where it is, what it really is, and the names and paths its elements get.</summary>
    private sealed record Folder(string Path, string RealPath, string Prefix, string Display, int Depth, Ancestor Ancestors);

    /// <summary>The real paths of the folders on the way down to one folder, nearest first (at most <see cref="MaxDepth"/>).</summary>
    private sealed record Ancestor(string RealPath, Ancestor? Parent)
    {
        public bool Contains(string realPath)
        {
            for (var a = this; a is not null; a = a.Parent)
            {
                if (a.RealPath == realPath)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A folder entry: all the walk needs to know about it.</summary>
    /// <remarks>A class, not a struct: the framework's generic collections over it then run precompiled (ReadyToRun)
    /// code instead of being compiled at start-up, which a one-shot <c>jit validate</c> would pay for.</remarks>
    private sealed record Entry(string Name, bool IsDirectory);

    /// <summary>Whether the folder <paramref name="path"/> is a symbolic link (one readlink; a vanished folder is not).</summary>
    private static bool IsLink(string path)
    {
        try
        {
            return new DirectoryInfo(path).LinkTarget is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // Walking it reports why it cannot be read.
        }
    }

    /// <summary>Whether anything below <paramref name="directory"/> declares an element (bounded, link-safe).</summary>
    private static bool ContainsDeclaration(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, DeclarationFileName, new EnumerationOptions
            {
                RecurseSubdirectories = true,
                MaxRecursionDepth = MaxDepth,
                IgnoreInaccessible = true,
                AttributesToSkip = FileAttributes.ReparsePoint,
            }).Any();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>The path with every symbolic link resolved, so that a loop shows up as a repeated path.</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            for (var hops = 0; hops < 40; hops++)
            {
                FileSystemInfo info = new DirectoryInfo(current);
                if (info.LinkTarget is null)
                {
                    break;
                }

                var target = info.LinkTarget;
                current = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(Path.GetDirectoryName(current)!, target));
            }
        }

        return current;
    }
}
