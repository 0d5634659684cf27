using System.Collections.Concurrent;
using System.Reflection;

namespace JitRuntime.Calls;

/// <summary>
/// The functions a C# Type publishes (its methods marked <see cref="ElementMethodAttribute"/>), read once per type.
/// An element's effective functionList starts from these and is narrowed by its <c>e.json</c>.
/// </summary>
public static class TypeFunctions
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, ElementMethod>> Cache = new();
    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ElementFunction>> Sorted = new();

    /// <summary>The Type's functions, sorted by name (read once per type: every element of it shares the list).</summary>
    /// <exception cref="InvalidOperationException">A function has an argument of a C# type no JitAi dataType fits, or two share a name.</exception>
    public static IReadOnlyList<ElementFunction> Of(Type type) => Sorted.GetOrAdd(type, static t =>
        Methods(t).Values.Select(m => m.Function).OrderBy(f => f.Name, StringComparer.Ordinal).ToList());

    internal static IReadOnlyDictionary<string, ElementMethod> Methods(Type type) => Cache.GetOrAdd(type, static t =>
    {
        var methods = new Dictionary<string, ElementMethod>(StringComparer.Ordinal);
        foreach (var method in t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (method.GetCustomAttribute<ElementMethodAttribute>() is not { } attribute)
            {
                continue;
            }

            if (!methods.TryAdd(attribute.Name, new ElementMethod(method, attribute)))
            {
                throw new InvalidOperationException($"{t}: two methods are the function '{attribute.Name}'");
            }
        }

        return methods;
    });
}
