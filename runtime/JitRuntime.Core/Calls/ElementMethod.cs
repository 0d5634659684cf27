using System.Reflection;

namespace JitRuntime.Calls;

/// <summary>
/// One function of a C# Type, read by reflection once per type and kept: the <see cref="ElementFunction"/> the Type
/// declares, its parameters (the ones the dispatch fills: <see cref="CancellationToken"/>, <see cref="ElementCaller"/>),
/// and how to read the result of the task it returns. Calls then do no reflection beyond the invoke.
/// </summary>
internal sealed class ElementMethod
{
    public ElementMethod(MethodInfo method, ElementMethodAttribute attribute)
    {
        Method = method;
        Parameters = method.GetParameters();
        var args = new List<ElementFunctionArg>();
        foreach (var parameter in Parameters)
        {
            if (IsFilledByDispatch(parameter.ParameterType))
            {
                continue;
            }

            var described = parameter.GetCustomAttribute<ElementArgAttribute>();
            var dataTypes = ElementDataTypes.For(parameter.ParameterType);
            var dataType = described?.DataType ?? dataTypes[0];
            if (!dataTypes.Contains(dataType))
            {
                throw new InvalidOperationException(
                    $"{method.DeclaringType}.{method.Name}: argument '{parameter.Name}' of C# type {parameter.ParameterType} cannot be {dataType}; it can be {string.Join(" or ", dataTypes)}");
            }

            int? maxLen = described?.MaxLen is > 0 ? described.MaxLen : dataType == ElementDataTypes.Stext ? ElementDataTypes.DefaultStextLength : null;
            args.Add(new ElementFunctionArg(parameter.Name!, described?.Title ?? parameter.Name!, dataType, !parameter.HasDefaultValue, maxLen));
        }

        var returnType = method.ReturnType;
        Type? resultType = returnType;
        if (returnType.IsGenericType && (returnType.GetGenericTypeDefinition() == typeof(Task<>) || returnType.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            resultType = returnType.GetGenericArguments()[0];
            Result = typeof(Task<>).MakeGenericType(resultType).GetProperty(nameof(Task<object>.Result));
            AsTask = returnType.GetGenericTypeDefinition() == typeof(ValueTask<>) ? returnType.GetMethod(nameof(ValueTask<object>.AsTask)) : null;
        }
        else if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            resultType = null;
        }

        Function = new ElementFunction(attribute.Name, attribute.Title ?? attribute.Name, args, ElementDataTypes.ForResult(resultType),
            attribute.LoginRequired, attribute.RateLimit) { ResultType = resultType == typeof(void) ? null : resultType, ResultExample = attribute.Example };
    }

    public MethodInfo Method { get; }

    /// <summary>The function as the Type declares it (an element's functionList may narrow it).</summary>
    public ElementFunction Function { get; }

    /// <summary>Every parameter, in order, those the dispatch fills included.</summary>
    public ParameterInfo[] Parameters { get; }

    /// <summary><c>Task&lt;T&gt;.Result</c> for methods that return a task of a value; null for <c>Task</c>, <c>ValueTask</c> and plain values.</summary>
    public PropertyInfo? Result { get; }

    /// <summary><c>ValueTask&lt;T&gt;.AsTask</c> for methods that return one.</summary>
    public MethodInfo? AsTask { get; }

    /// <summary>Parameters callers never name: the dispatch passes the call's cancellation token and caller.</summary>
    public static bool IsFilledByDispatch(Type type) => type == typeof(CancellationToken) || type == typeof(ElementCaller);
}
