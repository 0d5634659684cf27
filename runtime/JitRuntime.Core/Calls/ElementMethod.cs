using System.Reflection;

namespace JitRuntime.Calls;

/// <summary>
/// One callable method, read by reflection once per type and kept: its parameters by name, which one names the user
/// the call acts for, and how to read the result of the task it returns. Calls then do no reflection beyond the invoke.
/// </summary>
internal sealed class ElementMethod
{
    public ElementMethod(MethodInfo method, ElementMethodAttribute attribute)
    {
        Method = method;
        Parameters = method.GetParameters();
        Arguments = Parameters.Where(p => p.ParameterType != typeof(CancellationToken)).ToDictionary(p => p.Name!, StringComparer.Ordinal);
        UserArgumentIndex = attribute.UserArgument is { } user ? Array.FindIndex(Parameters, p => p.Name == user) : -1;
        UserArgument = attribute.UserArgument;
        Expected = Arguments.Count == 0
            ? "no arguments"
            : string.Join(", ", Arguments.Values.Select(p => p.HasDefaultValue ? $"{p.Name} (optional {TypeName(p.ParameterType)})" : $"{p.Name} ({TypeName(p.ParameterType)})"));
        var returnType = method.ReturnType;
        Result = returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetProperty(nameof(Task<object>.Result)) : null;
    }

    public MethodInfo Method { get; }

    /// <summary>Every parameter, in order, the <see cref="CancellationToken"/> included.</summary>
    public ParameterInfo[] Parameters { get; }

    /// <summary>The parameters a caller names, by name.</summary>
    public IReadOnlyDictionary<string, ParameterInfo> Arguments { get; }

    /// <summary>The argument naming the user the call acts for (<see cref="ElementMethodAttribute.UserArgument"/>), or null.</summary>
    public string? UserArgument { get; }

    /// <summary>Its position in <see cref="Parameters"/>, or -1.</summary>
    public int UserArgumentIndex { get; }

    /// <summary>The arguments as error messages list them: <c>code (a string), corp (optional a string)</c>.</summary>
    public string Expected { get; }

    /// <summary><c>Task&lt;T&gt;.Result</c> for methods that return one; null for <c>Task</c>, <c>ValueTask</c> and plain values.</summary>
    public PropertyInfo? Result { get; }

    public static string TypeName(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "a string"
            : t == typeof(long) || t == typeof(int) ? "an integer"
            : t == typeof(bool) ? "true or false"
            : t == typeof(double) || t == typeof(decimal) ? "a number"
            : "a JSON " + t.Name;
    }
}
