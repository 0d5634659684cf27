using JitRuntime.Elements;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Apps;

/// <summary>
/// The outcome of swapping a freshly loaded app in for the one serving: what was added, changed and removed, and
/// which elements kept their last good version because their new files are broken.
/// </summary>
public sealed class AppReload
{
    private readonly IReadOnlyList<LoadedElement> _retired;

    private AppReload(JitApp app, IReadOnlyList<string> added, IReadOnlyList<string> changed, IReadOnlyList<string> removed,
        IReadOnlyList<string> keptLastGood, IReadOnlyList<LoadedElement> retired)
    {
        App = app;
        Added = added;
        Changed = changed;
        Removed = removed;
        KeptLastGood = keptLastGood;
        _retired = retired;
    }

    /// <summary>The app to serve from now on.</summary>
    public JitApp App { get; }

    /// <summary>Elements that did not exist before.</summary>
    public IReadOnlyList<string> Added { get; }

    /// <summary>Elements whose declaration, configuration or type changed: their next call gets a new instance.</summary>
    public IReadOnlyList<string> Changed { get; }

    /// <summary>Elements that are gone.</summary>
    public IReadOnlyList<string> Removed { get; }

    /// <summary>Elements whose new files are broken: the last good version keeps serving.</summary>
    public IReadOnlyList<string> KeptLastGood { get; }

    /// <summary>True when anything an element caller could see changed.</summary>
    public bool HasChanges => Added.Count + Changed.Count + Removed.Count + KeptLastGood.Count > 0;

    /// <summary>
    /// Merges <paramref name="next"/> over <paramref name="previous"/>. Unchanged elements keep their instances; a
    /// broken element that was ready keeps its last good version; everything else comes from <paramref name="next"/>.
    /// </summary>
    public static AppReload Merge(JitApp previous, JitApp next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        List<string> added = [], changed = [], removed = [], kept = [];
        var retired = new List<LoadedElement>();
        var merged = new List<LoadedElement>();
        foreach (var element in next.Elements)
        {
            var old = previous.FindElement(element.FullName);
            if (old is null)
            {
                added.Add(element.FullName);
                merged.Add(element);
            }
            else if (element.Status == ElementStatus.Broken && old.Status == ElementStatus.Ready)
            {
                kept.Add(element.FullName);
                merged.Add(old);
            }
            else if (SameDefinition(old, element))
            {
                merged.Add(old);
            }
            else
            {
                changed.Add(element.FullName);
                merged.Add(element);
                retired.Add(old);
            }
        }

        foreach (var old in previous.Elements.Where(e => next.FindElement(e.FullName) is null))
        {
            removed.Add(old.FullName);
            retired.Add(old);
        }

        var app = new JitApp(next.Directory, next.Layers, merged, next.Diagnostics, next.Services, kept.ToHashSet(StringComparer.Ordinal));
        return new AppReload(app, added, changed, removed, kept, retired);
    }

    /// <summary>
    /// Disposes the instances of replaced and removed elements. Call it once requests that may still hold them have
    /// finished (the host waits a grace period).
    /// </summary>
    public ValueTask DisposeRetiredAsync() => JitApp.DisposeInstancesAsync(_retired);

    private static bool SameDefinition(LoadedElement a, LoadedElement b) =>
        a.Status == b.Status
        && a.Implementation == b.Implementation
        && a.Directory == b.Directory
        && a.ConfigurationPath == b.ConfigurationPath
        && a.UnsetVariables.Count == b.UnsetVariables.Count
        && a.DeclarationChain.Count == b.DeclarationChain.Count
        && a.DeclarationChain.Zip(b.DeclarationChain).All(pair => JToken.DeepEquals(pair.First, pair.Second))
        && JToken.DeepEquals(a.Configuration, b.Configuration);
}
