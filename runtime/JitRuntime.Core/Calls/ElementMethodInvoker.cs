using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using JitRuntime.Apps;
using JitRuntime.Diagnostics;

namespace JitRuntime.Calls;

/// <summary>
/// Calls an element method by the names callers use (<c>getLoginCode</c>) with named arguments from a JSON object
/// (<c>{"code": "..."}</c>): the one dispatch behind HTTP and <c>jit call</c>. Only methods marked
/// <see cref="ElementMethodAttribute"/> are reachable; arguments are matched by parameter name, converted with
/// System.Text.Json, and checked (missing, unknown, wrong type) before the method runs.
/// </summary>
public static class ElementMethodInvoker
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, ElementMethod>> Methods = new();

    // Strict: a number is a JSON number ("2" is not an integer argument), whatever the web defaults allow.
    private static readonly JsonSerializerOptions ArgumentOptions = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 32,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <summary>The names callers use for the callable methods of a CLR type, sorted.</summary>
    public static IReadOnlyList<string> CallableMethodNames(Type type) => Callable(type).Keys.Order(StringComparer.Ordinal).ToList();

    private static IReadOnlyDictionary<string, ElementMethod> Callable(Type type) => Methods.GetOrAdd(type, static t =>
        t.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<ElementMethodAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToDictionary(x => x.Attribute!.Name, x => new ElementMethod(x.Method, x.Attribute!), StringComparer.Ordinal));

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

        // Names that do not exist are the caller's input: they never become tag values (a bounded set for metrics).
        var element = "(unknown)";
        var function = "(unknown)";
        var outcome = "ok";
        object? instance = null;
        ElementMethod? called = null;
        object?[]? boundValues = null;
        object? result = null;
        var started = Stopwatch.GetTimestamp();
        using var activity = JitTelemetry.Source.StartActivity("element.call");
        try
        {
            instance = app.GetElement(fullName);
            element = fullName;
            if (!Callable(instance.GetType()).TryGetValue(method, out var target))
            {
                var names = CallableMethodNames(instance.GetType());
                throw new ElementCallException(ElementErrorKind.NotFound, "method_not_found",
                    $"element '{fullName}' has no callable method '{Elements.ElementName.ForDisplay(method)}'" + (names.Count > 0 ? $"; it has: {string.Join(", ", names)}" : ""));
            }

            function = method;
            if (activity is not null)
            {
                activity.DisplayName = $"{element}.{function}";
            }

            called = target;
            var values = boundValues = BindArguments(target, arguments, cancellationToken);
            try
            {
                if (!caller.IsTrusted && target.UserArgument is not null)
                {
                    await AuthorizeAsync(app, target, values, caller, cancellationToken).ConfigureAwait(false);
                }

                return result = await UnwrapAsync(target, Call(target, instance, values)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (ElementCallException or OperationCanceledException) && Translate(app, ex) is { } coded)
            {
                // Infrastructure faults (storage, say) are the host's, not the caller's: the family that knows them names them.
                throw coded;
            }
        }
        catch (ElementCallException ex)
        {
            outcome = ex.Code;
            throw;
        }
        catch (ElementNotFoundException)
        {
            outcome = "element_not_found";
            throw;
        }
        catch (BrokenElementException)
        {
            outcome = "element_broken";
            throw;
        }
        catch (OperationCanceledException)
        {
            outcome = "canceled";
            throw;
        }
        catch (Exception)
        {
            outcome = "error";
            throw;
        }
        finally
        {
            // The record (a dictionary of the arguments) is only built when the app has observers.
            if (called is not null && instance is not null && boundValues is not null && Observers(app) is { Length: > 0 } observers)
            {
                await NotifyAsync(observers, new ElementCallRecord(element, function, instance.GetType(), outcome, caller,
                    called.Arguments.ToDictionary(a => a.Key, a => boundValues[a.Value.Position], StringComparer.Ordinal), result)).ConfigureAwait(false);
            }

            var tags = new TagList { { "jit.element", element }, { "jit.function", function }, { "jit.outcome", outcome } };
            JitTelemetry.ElementCalls.Add(1, tags);
            JitTelemetry.ElementCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            if (activity is not null)
            {
                activity.SetTag("jit.element", element).SetTag("jit.function", function).SetTag("jit.outcome", outcome);
                activity.SetStatus(outcome == "ok" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome == "ok" ? null : outcome);
            }
        }
    }

    private static IElementCallObserver[] Observers(JitApp app) =>
        app.Services.GetService(typeof(IEnumerable<IElementCallObserver>)) is IEnumerable<IElementCallObserver> observers ? observers.ToArray() : [];

    private static async Task NotifyAsync(IElementCallObserver[] observers, ElementCallRecord call)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnCalledAsync(call, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // An observer (the audit trail writing to a database that just failed, say) must not turn a finished
                // call into an error; the observer reports its own failures.
            }
        }
    }

    private static object? Call(ElementMethod target, object instance, object?[] values)
    {
        try
        {
            return target.Method.Invoke(instance, values);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }

    private static ElementCallException? Translate(JitApp app, Exception exception)
    {
        if (app.Services.GetService(typeof(IEnumerable<IElementFaultTranslator>)) is IEnumerable<IElementFaultTranslator> translators)
        {
            foreach (var translator in translators)
            {
                if (translator.Translate(exception) is { } coded)
                {
                    return coded;
                }
            }
        }

        return null;
    }

    private static async Task AuthorizeAsync(JitApp app, ElementMethod target, object?[] values, ElementCaller caller, CancellationToken cancellationToken)
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
        if (target.UserArgumentIndex < 0 || !Equals(Convert.ToInt64(values[target.UserArgumentIndex], System.Globalization.CultureInfo.InvariantCulture), sessionUser))
        {
            throw new ElementCallException(ElementErrorKind.Forbidden, "forbidden", $"the session belongs to another user than '{target.UserArgument}'");
        }
    }

    private static object?[] BindArguments(ElementMethod method, JsonElement arguments, CancellationToken cancellationToken)
    {
        if (arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw Invalid("arguments must be a JSON object of named arguments, such as {\"code\": \"...\"}");
        }

        if (arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in arguments.EnumerateObject())
            {
                if (!method.Arguments.ContainsKey(property.Name))
                {
                    throw Invalid($"unknown argument '{property.Name}'; expected {method.Expected}");
                }
            }
        }

        var parameters = method.Parameters;
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

                throw Invalid($"missing argument '{parameter.Name}'; expected {method.Expected}");
            }

            try
            {
                values[i] = value.Deserialize(parameter.ParameterType, ArgumentOptions);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                throw Invalid($"argument '{parameter.Name}' must be {ElementMethod.TypeName(parameter.ParameterType)}");
            }
        }

        return values;
    }

    private static async Task<object?> UnwrapAsync(ElementMethod method, object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return method.Result?.GetValue(task);
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                return returned;
        }
    }

    private static ElementCallException Invalid(string message) => new(ElementErrorKind.InvalidArgument, "invalid_arguments", message);
}
