namespace JitRuntime.Loading;

/// <summary>Finds elements by fullName across layers: the app's own first, then its parents in order.</summary>
internal sealed class ElementLookup
{
    private readonly Dictionary<string, List<ElementDraft>> _byName = new(StringComparer.Ordinal);

    public ElementLookup(IEnumerable<ElementDraft> drafts)
    {
        foreach (var draft in drafts.OrderBy(d => d.Layer))
        {
            if (!_byName.TryGetValue(draft.FullName, out var list))
            {
                _byName[draft.FullName] = list = [];
            }

            list.Add(draft);
        }
    }

    /// <summary>All fullNames, for suggestions.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>
    /// The element an app sees under each name: the one in the lowest layer, leaving out a parent app's private elements
    /// (not inherited).
    /// </summary>
    public IEnumerable<ElementDraft> Effective => _byName.Values
        .Select(list => list.Find(d => d.Layer == 0 || d.Access != Elements.ElementAccess.Private))
        .OfType<ElementDraft>();

    /// <summary>Every layer's element of each name, lowest layer first, for names defined in more than one layer.</summary>
    public IEnumerable<IReadOnlyList<ElementDraft>> Overridden => _byName.Values.Where(list => list.Count > 1);

    /// <summary>The first element named <paramref name="fullName"/> in layer <paramref name="fromLayer"/> or later.</summary>
    public ElementDraft? Find(string fullName, int fromLayer = 0)
    {
        if (_byName.TryGetValue(fullName, out var list))
        {
            foreach (var draft in list)
            {
                if (draft.Layer >= fromLayer)
                {
                    return draft;
                }
            }
        }

        return null;
    }
}
