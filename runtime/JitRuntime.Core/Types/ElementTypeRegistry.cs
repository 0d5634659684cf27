using System.Collections.Frozen;

namespace JitRuntime.Types;

/// <summary>
/// Every registered Meta and Type by fullName. Built once from the <see cref="ElementTypeDescriptor"/>s in the
/// service collection; a registration that contradicts another fails here, at startup, not at first use.
/// </summary>
public sealed class ElementTypeRegistry
{
    private readonly FrozenDictionary<string, ElementTypeDescriptor> _types;

    /// <summary>Builds and checks the registry.</summary>
    /// <exception cref="InvalidOperationException">Two registrations share a name, a Type names no registered Meta, or does not implement it.</exception>
    public ElementTypeRegistry(IEnumerable<ElementTypeDescriptor> descriptors)
    {
        var byName = new Dictionary<string, ElementTypeDescriptor>(StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            if (byName.TryGetValue(descriptor.Name, out var existing))
            {
                if (existing == descriptor)
                {
                    continue; // The same registration twice (two AddX calls) is harmless.
                }

                throw new InvalidOperationException(
                    $"Element type '{descriptor.Name}' is registered twice: as {existing.ClrType.FullName} and as {descriptor.ClrType.FullName}.");
            }

            byName.Add(descriptor.Name, descriptor);
        }

        foreach (var type in byName.Values.Where(d => d.Kind == ElementKind.Type))
        {
            if (type.MetaName is null)
            {
                continue;
            }

            if (!byName.TryGetValue(type.MetaName, out var meta) || meta.Kind != ElementKind.Meta)
            {
                throw new InvalidOperationException(
                    $"Element type '{type.Name}' belongs to Meta '{type.MetaName}', which is not registered; call AddElementMeta for it.");
            }

            if (!meta.ClrType.IsAssignableFrom(type.ClrType))
            {
                throw new InvalidOperationException(
                    $"Element type '{type.Name}' ({type.ClrType.FullName}) must implement {meta.ClrType.FullName}, the contract of Meta '{meta.Name}'.");
            }
        }

        _types = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every registration.</summary>
    public IEnumerable<ElementTypeDescriptor> All => _types.Values;

    /// <summary>Looks a fullName up.</summary>
    public bool TryGet(string name, out ElementTypeDescriptor descriptor) => _types.TryGetValue(name, out descriptor!);
}
