using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace JitRuntime.Calls;

/// <summary>
/// A call's bound arguments by parameter name, as observers read them (<see cref="ElementCallRecord.Arguments"/>): a view
/// of the values the dispatch bound, not a copy, since most observers read one argument or none. Parameters the dispatch
/// fills (<see cref="ElementCaller"/>, <see cref="CancellationToken"/>) are not arguments.
/// </summary>
internal sealed class BoundArguments(ElementMethod method, object?[] values) : IReadOnlyDictionary<string, object?>
{
    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"no argument '{key}'");

    public IEnumerable<string> Keys => this.Select(pair => pair.Key);

    public IEnumerable<object?> Values => this.Select(pair => pair.Value);

    public int Count => method.Function.Args.Count;

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var parameters = method.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Name == key && !ElementMethod.IsFilledByDispatch(parameters[i].ParameterType))
            {
                value = values[i];
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        var parameters = method.Parameters;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!ElementMethod.IsFilledByDispatch(parameters[i].ParameterType))
            {
                yield return new KeyValuePair<string, object?>(parameters[i].Name!, values[i]);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
