using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using JitRuntime.Apps;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;

namespace JitRuntime.Calls;

/// <summary>
/// Calls an element function by the names callers use (<c>getLoginCode</c>) with named arguments from a JSON object
/// (<c>{"code": "..."}</c>): the one dispatch behind HTTP, MCP and <c>jit call</c>. Only functions in the element's
/// effective functionList are reachable, only on instances (not Type elements); arguments are checked against the
/// declared args (unknown, missing, wrong dataType, too long) before the function runs; a <c>loginRequired</c> function
/// needs a remote caller's live session, whose user the function sees through its <see cref="ElementCaller"/>.
/// </summary>
public static class ElementMethodInvoker
{
    // Strict: a number is a JSON number ("2" is not an integer argument), whatever the web defaults allow.
    private static readonly JsonSerializerOptions ArgumentOptions = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 32,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <summary>Calls <paramref name="function"/> of element <paramref name="fullName"/> as a trusted caller and returns its (awaited) result.</summary>
    /// <exception cref="Diagnostics.ElementNotFoundException">No such element.</exception>
    /// <exception cref="Diagnostics.BrokenElementException">The element is broken.</exception>
    /// <exception cref="ElementCallException">Unknown function (<c>method_not_found</c>), bad arguments (<c>invalid_arguments</c>), or the function's own refusal.</exception>
    public static Task<object?> InvokeAsync(JitApp app, string fullName, string function, JsonElement arguments, CancellationToken cancellationToken = default) =>
        InvokeAsync(app, fullName, function, arguments, ElementCaller.Trusted, cancellationToken);

    /// <summary>
    /// Calls <paramref name="function"/> for <paramref name="caller"/>: a remote caller of a <c>loginRequired</c>
    /// function must present a live session (401 otherwise); trusted callers are not asked.
    /// </summary>
    public static async Task<object?> InvokeAsync(JitApp app, string fullName, string function, JsonElement arguments, ElementCaller caller,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(caller);

        // Names that do not exist are the caller's input: they never become tag values (a bounded set for metrics).
        var elementTag = "(unknown)";
        var functionTag = "(unknown)";
        var outcome = "ok";
        Type? elementType = null;
        ElementMethod? called = null;
        object?[]? boundValues = null;
        object? result = null;
        var started = Stopwatch.GetTimestamp();
        using var activity = JitTelemetry.Source.StartActivity("element.call");
        try
        {
            var (element, target, method) = Resolve(app, fullName, function);
            elementTag = fullName;
            functionTag = function;
            if (activity is not null)
            {
                activity.DisplayName = $"{elementTag}.{functionTag}";
            }

            elementType = element.Implementation!.ClrType;
            called = method;
            var values = boundValues = BindArguments(target, method, arguments, cancellationToken);
            try
            {
                if (target.LoginRequired && !caller.IsTrusted)
                {
                    caller = await AuthenticateAsync(app, caller, cancellationToken).ConfigureAwait(false);
                }

                FillCaller(method, values, caller);
                var instance = app.GetElement(element.FullName);
                return result = await UnwrapAsync(method, Call(method, instance, values)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not (ElementCallException or OperationCanceledException or JitRuntimeException) && Translate(app, ex) is { } coded)
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
            if (called is not null && elementType is not null && boundValues is not null && Observers(app) is { Length: > 0 } observers)
            {
                await NotifyAsync(observers, new ElementCallRecord(elementTag, functionTag, elementType, outcome, caller,
                    ArgumentsOf(called, boundValues), result)).ConfigureAwait(false);
            }

            var tags = new TagList { { "jit.element", elementTag }, { "jit.function", functionTag }, { "jit.outcome", outcome } };
            JitTelemetry.ElementCalls.Add(1, tags);
            JitTelemetry.ElementCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            if (activity is not null)
            {
                activity.SetTag("jit.element", elementTag).SetTag("jit.function", functionTag).SetTag("jit.outcome", outcome);
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

    /// <summary>
    /// The element and function a call names. Not found and broken elements throw as <see cref="JitApp.GetElement(string)"/>
    /// does; a Type element and a function outside the functionList are 404s.
    /// </summary>
    private static (LoadedElement Element, ElementFunction Function, ElementMethod Method) Resolve(JitApp app, string fullName, string function)
    {
        if (app.FindElement(fullName) is not { Status: ElementStatus.Ready } element)
        {
            app.GetElement(fullName); // Throws the not-found or broken error, with its suggestions or diagnostics.
            throw new InvalidOperationException("unreachable");
        }

        if (element.Role == ElementRole.Type)
        {
            throw ElementCallErrors.TypeNotCallable(fullName);
        }

        if (element.FindFunction(function) is not { } declared
            || !TypeFunctions.Methods(element.Implementation!.ClrType).TryGetValue(function, out var method))
        {
            throw ElementCallErrors.FunctionNotFound(fullName, function, element.FunctionList.Select(f => f.Name));
        }

        return (element, declared, method);
    }

    /// <summary>Checks the caller's bearer token; a storage fault on the way is coded like any other (503), never a 500.</summary>
    private static async Task<ElementCaller> AuthenticateAsync(JitApp app, ElementCaller caller, CancellationToken cancellationToken)
    {
        if (caller.BearerToken is not { } token)
        {
            throw ElementCallErrors.AuthenticationRequired();
        }

        var authenticator = app.Services.GetService(typeof(IElementCallerAuthenticator)) as IElementCallerAuthenticator
            ?? throw new ElementCallException(ElementErrorKind.Unauthenticated, "authentication_unavailable", "this host has no way to check sessions");
        var user = await authenticator.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false) ?? throw ElementCallErrors.SessionInvalid();
        return caller.WithUser(user);
    }

    private static object?[] BindArguments(ElementFunction function, ElementMethod method, JsonElement arguments, CancellationToken cancellationToken)
    {
        if (arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw ElementCallErrors.InvalidArguments("arguments must be a JSON object of named arguments, such as {\"code\": \"...\"}");
        }

        // Before any name or value is read: text that is not valid Unicode throws when read, and is the caller's mistake.
        UnicodeArguments.EnsureValid(arguments);
        if (arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in arguments.EnumerateObject())
            {
                if (function.FindArg(property.Name) is null)
                {
                    throw ElementCallErrors.InvalidArguments($"unknown argument '{Elements.ElementName.ForDisplay(property.Name)}'; expected {function.Signature}");
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

            if (parameter.ParameterType == typeof(ElementCaller))
            {
                continue; // Filled once the caller is known (FillCaller).
            }

            var arg = function.FindArg(parameter.Name!)!;
            if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty(parameter.Name!, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (parameter.HasDefaultValue)
                {
                    values[i] = parameter.DefaultValue;
                    continue;
                }

                throw ElementCallErrors.InvalidArguments($"missing argument '{parameter.Name}'; expected {function.Signature}");
            }

            if (!ElementDataTypes.TryConvert(value, arg, parameter.ParameterType, ArgumentOptions, out var converted, out var problem))
            {
                throw ElementCallErrors.InvalidArguments($"{problem}; expected {function.Signature}");
            }

            values[i] = converted;
        }

        return values;
    }

    private static void FillCaller(ElementMethod method, object?[] values, ElementCaller caller)
    {
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (method.Parameters[i].ParameterType == typeof(ElementCaller))
            {
                values[i] = caller;
            }
        }
    }

    /// <summary>The bound arguments by name, for observers.</summary>
    private static Dictionary<string, object?> ArgumentsOf(ElementMethod method, object?[] values)
    {
        var byName = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (!ElementMethod.IsFilledByDispatch(method.Parameters[i].ParameterType))
            {
                byName[method.Parameters[i].Name!] = values[i];
            }
        }

        return byName;
    }

    private static async Task<object?> UnwrapAsync(ElementMethod method, object? returned)
    {
        if (method.AsTask is { } asTask && returned is not null)
        {
            returned = asTask.Invoke(returned, null); // ValueTask<T>: awaited as its Task<T>, result read the same way.
        }

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
}
