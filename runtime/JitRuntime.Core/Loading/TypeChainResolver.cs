using JitRuntime.Diagnostics;
using JitRuntime.Types;

namespace JitRuntime.Loading;

/// <summary>
/// Follows each element's <c>type</c> through Type elements on disk to a registered C# Type (Meta → Type → Instance).
/// Unknown names, cycles and chains that end at a Meta become diagnostics on the element that names them.
/// </summary>
internal sealed class TypeChainResolver(ElementLookup lookup, ElementTypeRegistry registry)
{
    public void ResolveAll(IEnumerable<ElementDraft> drafts)
    {
        foreach (var draft in drafts)
        {
            Resolve(draft);
        }
    }

    /// <summary>Walks one chain iteratively (chains can be long; no recursion), then hands the result back along it.</summary>
    private void Resolve(ElementDraft start)
    {
        var path = new List<ElementDraft>();
        var onPath = new Dictionary<ElementDraft, int>();
        var current = start;
        while (!current.Resolved)
        {
            if (onPath.TryGetValue(current, out var cycleStart))
            {
                var cycle = path.Skip(cycleStart).ToList();
                var names = string.Join(" -> ", cycle.Select(d => d.FullName).Append(current.FullName));
                foreach (var member in cycle)
                {
                    member.Error("type", DiagnosticCodes.TypeCycle,
                        $"type chain {names} is a cycle; a chain must end at a registered Type such as {ExampleType()}");
                    member.Resolved = true;
                }

                break;
            }

            onPath[current] = path.Count;
            path.Add(current);
            if (current.TypeName is not { } typeName)
            {
                current.Resolved = true; // No usable "type": the schema check reports it.
                break;
            }

            // An element may wrap the Type it overrides under the same name: its "type" then means the one below it.
            var namesItself = typeName == current.FullName;
            var target = lookup.Find(typeName, namesItself ? current.Layer + 1 : 0);
            if (target is not null && target.Access == Elements.ElementAccess.Private && target.Layer != current.Layer)
            {
                current.Error("type", DiagnosticCodes.PrivateElement,
                    $"type '{typeName}' is private to the app that declares it ({target.Source.DisplayPath}): an app that extends it cannot use it");
                current.Resolved = true;
                break;
            }

            if (target is not null)
            {
                current.TypeElement = target;
                target.IsReferencedAsType = true;
                current = target;
                continue;
            }

            if (registry.TryGet(typeName, out var descriptor))
            {
                if (descriptor.Kind == ElementKind.Meta)
                {
                    var members = registry.All.Where(d => d.MetaName == descriptor.Name).Select(d => d.Name).ToList();
                    current.Error("type", DiagnosticCodes.MetaAsInstance,
                        $"type '{typeName}' is a Meta (a family), which cannot be instantiated; expected a Type of that family" +
                        (members.Count > 0 ? $" such as {string.Join(", ", members.Select(m => $"'{m}'"))}" : ""));
                }
                else
                {
                    current.Implementation = descriptor;
                }
            }
            else if (namesItself)
            {
                current.Error("type", DiagnosticCodes.TypeCycle,
                    $"type '{typeName}' names the element itself and there is no parent app element or registered Type of that name to wrap");
            }
            else
            {
                var suggestions = NameSuggester.Suggest(typeName, registry.All.Select(d => d.Name).Concat(lookup.Names));
                current.Error("type", DiagnosticCodes.UnknownType,
                    $"unknown type '{typeName}': no registered type or element has that name" +
                    (suggestions.Count > 0 ? $"; did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?" : ""));
            }

            current.Resolved = true;
            break;
        }

        // Every element on the walked path shares the implementation found at its end (or the lack of one).
        for (var i = path.Count - 1; i >= 0; i--)
        {
            var draft = path[i];
            if (draft.TypeElement is { } next && draft.Implementation is null && !draft.HasErrors)
            {
                draft.Implementation = next.Implementation;
            }

            draft.Resolved = true;
        }
    }

    private string ExampleType() =>
        registry.All.FirstOrDefault(d => d.Kind == ElementKind.Type)?.Name is { } name ? $"'{name}'" : "a registered Type";
}
