using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using JitRuntime.Apps;
using JitRuntime.Storage;
using Microsoft.Data.Sqlite;

namespace JitRuntime.Calls;

/// <summary>
/// Calls an element method by the names callers use (<c>getLoginCode</c>) with named arguments from a JSON object
/// (<c>{"code": "..."}</c>): the one dispatch behind HTTP and <c>jit call</c>. Only methods marked
/// <see cref="ElementMethodAttribute"/> are reachable; arguments are matched by parameter name, converted with
/// System.Text.Json, and checked (missing, unknown, wrong type) before the method runs.
/// </summary>
public static class ElementMethodInvoker
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, MethodInfo>> Methods = new();

    private static readonly JsonSerializerOptions ArgumentOptions = new(JsonSerializerDefaults.Web) { MaxDepth = 32 };

    /// <summary>The callable method names of a CLR type, by the names callers use.</summary>
    public static IReadOnlyDictionary<string, MethodInfo> CallableMethods(Type type) => Methods.GetOrAdd(type, static t =>
        t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<ElementMethodAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToDictionary(x => x.Attribute!.Name, x => x.Method, StringComparer.Ordinal));

    /// <summary>Calls <paramref name="method"/> of element <paramref name="fullName"/> and returns its (awaited) result.</summary>
    /// <exception cref="Diagnostics.ElementNotFoundException">No such element.</exception>
    /// <exception cref="Diagnostics.BrokenElementException">The element is broken.</exception>
    /// <exception cref="ElementCallException">Unknown method (<c>method_not_found</c>), bad arguments (<c>invalid_arguments</c>), or the method's own refusal.</exception>
    public static Task<object?> InvokeAsync(JitApp app, string fullName, string method, JsonElement arguments, CancellationToken cancellationToken = default) =>
        InvokeAsync(app, fullName, method, arguments, ElementCaller.Trusted, cancellationToken);

    /// <summary>
    /// Calls <paramref name="method"/> for <paramref name="caller"/>: a method that acts for a user
    /// (<see cref="ElementMethodAttribute.UserArgument"/>) needs a remote caller's session to be that user's.
    /// </summary>
    public static async Task<object?> InvokeAsync(JitApp app, string fullName, string method, JsonElement arguments, ElementCaller caller,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(caller);
        var instance = app.GetElement(fullName);
        var methods = CallableMethods(instance.GetType());
        if (!methods.TryGetValue(method, out var target))
        {
            throw new ElementCallException(ElementErrorKind.NotFound, "method_not_found",
                $"element '{fullName}' has no callable method '{method}'" +
                (methods.Count > 0 ? $"; it has: {string.Join(", ", methods.Keys.Order(StringComparer.Ordinal))}" : ""));
        }

        var values = BindArguments(target, arguments, cancellationToken);
        if (!caller.IsTrusted && target.GetCustomAttribute<ElementMethodAttribute>()!.UserArgument is { } userArgument)
        {
            await AuthorizeAsync(app, target, values, userArgument, caller, cancellationToken).ConfigureAwait(false);
        }
        object? returned;
        try
        {
            returned = target.Invoke(instance, values);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        try
        {
            return await UnwrapAsync(returned).ConfigureAwait(false);
        }
        catch (SqliteException ex)
        {
            // Storage faults are the host's, not the caller's: say which, and let the next call start afresh.
            (app.Services.GetService(typeof(AppDatabase)) as AppDatabase)?.Recover();
            var (code, message) = AppDatabase.Describe(ex);
            throw new ElementCallException(ElementErrorKind.StorageUnavailable, code, message, ex);
        }
    }

    private static async Task AuthorizeAsync(JitApp app, MethodInfo target, object?[] values, string userArgument, ElementCaller caller,
        CancellationToken cancellationToken)
    {
        if (caller.BearerToken is not { } token)
        {
            throw new ElementCallException(ElementErrorKind.Unauthenticated, "authentication_required",
                "this method acts for a user: send that user's session token as 'Authorization: Bearer <token>' (from loginByCode)");
        }

        var authenticator = app.Services.GetService(typeof(IElementCallerAuthenticator)) as IElementCallerAuthenticator
            ?? throw new ElementCallException(ElementErrorKind.Unauthenticated, "authentication_unavailable", "this host has no way to check sessions");
        var sessionUser = await authenticator.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false)
            ?? throw new ElementCallException(ElementErrorKind.Unauthenticated, "session_invalid", "the session token is unknown, expired or logged out; log in again");
        var index = Array.FindIndex(target.GetParameters(), p => p.Name == userArgument);
        if (index < 0 || !Equals(Convert.ToInt64(values[index], System.Globalization.CultureInfo.InvariantCulture), sessionUser))
        {
            throw new ElementCallException(ElementErrorKind.Forbidden, "forbidden", $"the session belongs to another user than '{userArgument}'");
        }
    }

    private static object?[] BindArguments(MethodInfo method, JsonElement arguments, CancellationToken cancellationToken)
    {
        if (arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw Invalid("arguments must be a JSON object of named arguments, such as {\"code\": \"...\"}");
        }

        var parameters = method.GetParameters();
        var byName = parameters.Where(p => p.ParameterType != typeof(CancellationToken)).ToDictionary(p => p.Name!, StringComparer.Ordinal);
        if (arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in arguments.EnumerateObject())
            {
                if (!byName.ContainsKey(property.Name))
                {
                    throw Invalid($"unknown argument '{property.Name}'; expected {Describe(byName.Values)}");
                }
            }
        }

        var values = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                values[i] = cancellationToken;
                continue;
            }

            if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty(parameter.Name!, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (parameter.HasDefaultValue)
                {
                    values[i] = parameter.DefaultValue;
                    continue;
                }

                throw Invalid($"missing argument '{parameter.Name}'; expected {Describe(byName.Values)}");
            }

            try
            {
                values[i] = value.Deserialize(parameter.ParameterType, ArgumentOptions);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                throw Invalid($"argument '{parameter.Name}' must be {TypeName(parameter.ParameterType)}");
            }
        }

        return values;
    }

    private static async Task<object?> UnwrapAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                var type = task.GetType();
                return type.IsGenericType && type.GetProperty("Result") is { } result && result.PropertyType.Name != "VoidTaskResult"
                    ? result.GetValue(task)
                    : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                return returned;
        }
    }

    private static string Describe(IEnumerable<ParameterInfo> parameters)
    {
        var list = parameters.Select(p => p.HasDefaultValue ? $"{p.Name} (optional {TypeName(p.ParameterType)})" : $"{p.Name} ({TypeName(p.ParameterType)})").ToList();
        return list.Count == 0 ? "no arguments" : string.Join(", ", list);
    }

    private static string TypeName(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) ? "a string"
            : t == typeof(long) || t == typeof(int) ? "an integer"
            : t == typeof(bool) ? "true or false"
            : t == typeof(double) || t == typeof(decimal) ? "a number"
            : "a JSON " + t.Name;
    }

    private static ElementCallException Invalid(string message) => new(ElementErrorKind.InvalidArgument, "invalid_arguments", message);
}
