using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using JitRuntime.Apps;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;

namespace JitRuntime.Calls;

/// <summary>
/// Calls an element function by the names callers use (<c>getLoginCode</c>) with named arguments from a JSON object
/// (<c>{"code": "..."}</c>): the one dispatch behind HTTP, MCP, <c>jit call</c> and <see cref="JitApp.CallAsync"/>, a
/// singleton of the app's services. In steps: resolve (only a <see cref="Callable"/> function), bind the arguments
/// against the declared args (unknown, missing, wrong dataType, too long) before anything runs, authenticate a remote
/// caller of a <c>loginRequired</c> function, invoke, translate infrastructure faults into coded errors, observe
/// (metrics, the span, the registered observers). A refusal is thrown once, by the step that decided it.
/// </summary>
public sealed class ElementDispatcher
{
    // Strict: a number is a JSON number ("2" is not an integer argument), whatever the web defaults allow.
    private static readonly JsonSerializerOptions ArgumentOptions = new(JsonSerializerDefaults.Web)
    {
        MaxDepth = 32,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    private readonly IElementCallObserver[] _observers;
    private readonly IElementFaultTranslator[] _translators;
    private readonly IElementCallerAuthenticator? _authenticator;

    /// <summary>The dispatch with the families' observers, fault translators and session check (the last registered one, as for any service).</summary>
    public ElementDispatcher(IEnumerable<IElementCallObserver> observers, IEnumerable<IElementFaultTranslator> translators,
        IEnumerable<IElementCallerAuthenticator> authenticators)
    {
        ArgumentNullException.ThrowIfNull(observers);
        ArgumentNullException.ThrowIfNull(translators);
        ArgumentNullException.ThrowIfNull(authenticators);
        _observers = observers.ToArray();
        _translators = translators.ToArray();
        _authenticator = authenticators.LastOrDefault(); // As GetService would: the last registration wins.
    }

    /// <summary>A dispatch without families: no observers, no translators, no sessions (an app loaded by the core alone).</summary>
    internal static ElementDispatcher Bare { get; } = new([], [], []);

    /// <summary>Where a caller gets a session token, as the registered session check names it (<c>AuthSvc.loginByCode</c>); null without one.</summary>
    public string? SessionSource => _authenticator?.SessionSource;

    /// <summary>The rule for "callable": ready instances (not Types, not broken), the functions of their effective functionList.</summary>
    public static IEnumerable<CallableFunction> Callable(JitApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var element in app.Elements)
        {
            if (element.Status != ElementStatus.Ready || element.Role != ElementRole.Instance)
            {
                continue;
            }

            var methods = TypeFunctions.Methods(element.Implementation!.ClrType);
            foreach (var function in element.FunctionList)
            {
                if (methods.TryGetValue(function.Name, out var method))
                {
                    yield return new CallableFunction(element, function, method);
                }
            }
        }
    }

    /// <summary>The callable function <paramref name="function"/> of <paramref name="fullName"/>, or null (see <see cref="Callable"/>).</summary>
    public static CallableFunction? FindCallable(JitApp app, string fullName, string function)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Resolve(app, fullName, function, out _);
    }

    /// <summary>
    /// Calls <paramref name="function"/> for <paramref name="caller"/>: a remote caller of a <c>loginRequired</c>
    /// function must present a live session (401 otherwise); trusted callers are not asked. Returns the (awaited) result.
    /// </summary>
    /// <exception cref="ElementNotFoundException">No such element.</exception>
    /// <exception cref="BrokenElementException">The element is broken.</exception>
    /// <exception cref="ElementCallException">A Type element or unknown function (404), bad arguments (<c>invalid_arguments</c>), no or no live session (401), or the function's own refusal.</exception>
    public async Task<object?> InvokeAsync(JitApp app, string fullName, string function, JsonElement arguments, ElementCaller caller,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(caller);
        var started = Stopwatch.GetTimestamp();
        using var activity = JitTelemetry.Source.StartActivity("element.call");
        if (Resolve(app, fullName, function, out var unresolved) is not { } target)
        {
            // Names that do not exist are the caller's input: they never become tag values (a bounded set for metrics).
            Measure(activity, started, "(unknown)", "(unknown)", OutcomeOf(unresolved!));
            throw unresolved!;
        }

        if (activity is not null)
        {
            activity.DisplayName = $"{fullName}.{function}";
        }

        var outcome = "ok";
        Exception? error = null;
        object?[]? values = null;
        object? result = null;
        try
        {
            values = Bind(target, arguments, cancellationToken);
            try
            {
                if (target.Function.LoginRequired && !caller.IsTrusted)
                {
                    caller = await AuthenticateAsync(caller, cancellationToken).ConfigureAwait(false);
                }

                FillCaller(target.Method, values, caller);
                result = await UnwrapAsync(target.Method, Call(target.Method, app.Instance(target.Element), values)).ConfigureAwait(false);
                return result;
            }
            catch (Exception ex) when (ex is not (ElementCallException or OperationCanceledException or JitRuntimeException) && Translate(ex) is { } coded)
            {
                // Infrastructure faults (storage, say, while checking the session or in the function) are the host's, not
                // the caller's: the family that knows them names them.
                throw coded;
            }
        }
        catch (Exception ex)
        {
            outcome = OutcomeOf(ex);
            error = ex;
            throw;
        }
        finally
        {
            // The record (a dictionary of the arguments) is only built when there are observers and the arguments bound.
            if (values is not null && _observers.Length > 0)
            {
                await NotifyAsync(new ElementCallRecord(fullName, function, target.Element.Implementation!.ClrType, outcome, caller,
                    new BoundArguments(target.Method, values), result) { Method = target.Method.Method, Error = error }).ConfigureAwait(false);
            }

            Measure(activity, started, fullName, function, outcome);
        }
    }

    /// <summary>The callable function a call names; otherwise the refusal: not found or broken (as <see cref="JitApp.GetElement(string)"/> says), a Type, a function outside the functionList.</summary>
    private static CallableFunction? Resolve(JitApp app, string fullName, string function, out Exception? refusal)
    {
        refusal = null;
        var element = app.FindElement(fullName);
        if (element is not { Status: ElementStatus.Ready })
        {
            refusal = app.Unusable(fullName, element);
            return null;
        }

        if (element.Role == ElementRole.Type)
        {
            refusal = ElementCallErrors.TypeNotCallable(fullName);
            return null;
        }

        if (element.FindFunction(function) is not { } declared || !TypeFunctions.Methods(element.Implementation!.ClrType).TryGetValue(function, out var method))
        {
            refusal = ElementCallErrors.FunctionNotFound(fullName, function, element.FunctionList.Select(f => f.Name));
            return null;
        }

        return new CallableFunction(element, declared, method);
    }

    private static string OutcomeOf(Exception exception) => exception switch
    {
        ElementCallException coded => coded.Code,
        ElementNotFoundException => "element_not_found",
        BrokenElementException => "element_broken",
        OperationCanceledException => "canceled",
        _ => "error",
    };

    private static void Measure(Activity? activity, long started, string element, string function, string outcome)
    {
        var tags = new TagList { { "jit.element", element }, { "jit.function", function }, { "jit.outcome", outcome } };
        JitTelemetry.ElementCalls.Add(1, tags);
        JitTelemetry.ElementCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        if (activity is not null)
        {
            activity.SetTag("jit.element", element).SetTag("jit.function", function).SetTag("jit.outcome", outcome);
            activity.SetStatus(outcome == "ok" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome == "ok" ? null : outcome);
        }
    }

    private async Task NotifyAsync(ElementCallRecord call)
    {
        foreach (var observer in _observers)
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

    private ElementCallException? Translate(Exception exception)
    {
        foreach (var translator in _translators)
        {
            if (translator.Translate(exception) is { } coded)
            {
                return coded;
            }
        }

        return null;
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

    /// <summary>Checks the caller's bearer token (a storage fault on the way is translated by the caller, like any other).</summary>
    private async Task<ElementCaller> AuthenticateAsync(ElementCaller caller, CancellationToken cancellationToken)
    {
        if (caller.BearerToken is not { } token)
        {
            throw ElementCallErrors.AuthenticationRequired(SessionSource);
        }

        if (_authenticator is null)
        {
            throw new ElementCallException(ElementErrorKind.Unauthenticated, "authentication_unavailable", "this host has no way to check sessions");
        }

        return await _authenticator.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false) is { } user
            ? caller.WithUser(user)
            : throw ElementCallErrors.SessionInvalid();
    }

    private static object?[] Bind(CallableFunction target, JsonElement arguments, CancellationToken cancellationToken)
    {
        var function = target.Function;
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
                    throw ElementCallErrors.InvalidArguments($"unknown argument '{ElementName.ForDisplay(property.Name)}'; expected {function.Signature}");
                }
            }
        }

        var parameters = target.Method.Parameters;
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
