using System.Collections.Frozen;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Loading;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Apps;

/// <summary>
/// A loaded app: its elements by fullName, every diagnostic found while loading, and live element instances created
/// on first <see cref="GetElement(string)"/>, once, with constructor injection from the host's services.
/// </summary>
public sealed class JitApp : IAsyncDisposable
{
    private readonly FrozenDictionary<string, LoadedElement> _elements;
    private readonly CurrentApp? _currentApp;
    private readonly List<IAsyncDisposable> _owned = [];
    private int _disposed;
    private JitRuntime.Calls.ElementDispatcher? _dispatcher;

    internal JitApp(
        string directory,
        IReadOnlyList<AppLayer> layers,
        IReadOnlyList<LoadedElement> elements,
        IReadOnlyList<Diagnostic> diagnostics,
        IServiceProvider services,
        IReadOnlySet<string>? servingLastGood = null)
    {
        Directory = directory;
        ServingLastGood = servingLastGood ?? new HashSet<string>();
        Layers = layers;
        Elements = elements;
        Diagnostics = diagnostics;
        Services = services;
        _currentApp = services.GetService(typeof(CurrentApp)) as CurrentApp;
        _elements = elements.ToFrozenDictionary(e => e.FullName, StringComparer.Ordinal);
    }

    /// <summary>The app folder's absolute path.</summary>
    public string Directory { get; }

    /// <summary>The app's manifest, or null when <c>app.json</c> could not be read.</summary>
    public AppManifest? Manifest => Layers.Count > 0 ? Layers[0].Manifest : null;

    /// <summary>The app, then its parents in lookup order.</summary>
    public IReadOnlyList<AppLayer> Layers { get; }

    /// <summary>The elements the app sees (its own, then those it inherits), sorted by fullName; broken ones included.</summary>
    public IReadOnlyList<LoadedElement> Elements { get; }

    /// <summary>Every diagnostic, of every layer, sorted by file and position.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Elements serving their last good version because their current files are broken (after a reload).</summary>
    public IReadOnlySet<string> ServingLastGood { get; }

    /// <summary>The services instances are created with.</summary>
    internal IServiceProvider Services { get; }

    /// <summary>True once <see cref="DisposeAsync"/> ran.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>The loaded element named <paramref name="fullName"/>, or null.</summary>
    public LoadedElement? FindElement(string fullName) => _elements.GetValueOrDefault(fullName);

    /// <summary>Returns the live instance of an element, creating it on first use.</summary>
    /// <exception cref="ElementNotFoundException">No element has that name; the exception suggests close names.</exception>
    /// <exception cref="BrokenElementException">The element failed validation; the exception carries its diagnostics.</exception>
    public object GetElement(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_elements.TryGetValue(fullName, out var element) || element.Status == ElementStatus.Broken)
        {
            throw Unusable(fullName, element);
        }

        return Instance(element);
    }

    /// <summary>The live instance of <paramref name="element"/>, an element of this app that is not broken: created on first use, once.</summary>
    internal object Instance(LoadedElement element)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Volatile.Read(ref element.Instance) ?? Create(element);
    }

    /// <summary>Why <paramref name="fullName"/> cannot be used: no such element (with the names meant), or <paramref name="element"/> is broken.</summary>
    internal JitRuntimeException Unusable(string fullName, LoadedElement? element) => element is null
        ? new ElementNotFoundException(fullName, NameSuggester.Suggest(fullName, _elements.Keys))
        : new BrokenElementException(fullName, element.Diagnostics.Where(d => d.IsError).ToList());

    /// <summary>Returns the live instance of an element as a <typeparamref name="T"/>.</summary>
    /// <exception cref="ElementTypeMismatchException">The instance is not a <typeparamref name="T"/>.</exception>
    public T GetElement<T>(string fullName)
        where T : class
    {
        var instance = GetElement(fullName);
        return instance as T ?? throw new ElementTypeMismatchException(fullName, typeof(T), instance.GetType());
    }

    private object Create(LoadedElement element)
    {
        lock (element.Gate)
        {
            if (element.Instance is { } existing)
            {
                return existing;
            }

            if (element.UnsetVariables.Count > 0)
            {
                throw BrokenElementException.ForUnsetVariables(element.FullName, element.UnsetVariables);
            }

            var context = ElementContext.Create(element);
            object instance;
            try
            {
                instance = ActivatorUtilities.CreateInstance(Services, element.Implementation!.ClrType, context);
            }
            catch (Exception ex) when (ex is not JitRuntimeException)
            {
                // Not cached: a later call tries again (the cause may be transient, such as a locked database).
                throw new JitRuntimeException($"Creating element '{element.FullName}' ({element.Implementation!.Name}) failed: {ex.Message}", ex);
            }

            Volatile.Write(ref element.Instance, instance);
            return instance;
        }
    }

    /// <summary>Disposes every element instance that was created.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _currentApp?.Retire(this);
        await DisposeInstancesAsync(Elements).ConfigureAwait(false);
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes this app dispose <paramref name="resource"/> after its element instances: what was opened for it alone,
    /// such as the service provider of an app opened by a script.
    /// </summary>
    public void DisposeWith(IAsyncDisposable resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _owned.Add(resource);
    }

    /// <summary>
    /// Calls <paramref name="function"/> of element <paramref name="fullName"/> by name, as HTTP and <c>jit call</c> do:
    /// named arguments from an object (<c>new { code }</c>) or a JSON object, the same checks and coded errors, and the
    /// result as the same JSON (camelCase). The caller is trusted, like <c>jit call</c>.
    /// </summary>
    /// <exception cref="ElementNotFoundException">No such element.</exception>
    /// <exception cref="JitRuntime.Calls.ElementCallException">Unknown function, bad arguments, or the function's own refusal (its <c>Code</c>).</exception>
    public async Task<System.Text.Json.JsonElement> CallAsync(string fullName, string function, object? arguments = null, CancellationToken cancellationToken = default)
    {
        var json = arguments as System.Text.Json.JsonElement? ?? System.Text.Json.JsonSerializer.SerializeToElement(arguments ?? new { }, JitRuntime.Calls.ElementJson.Options);
        var result = await InvokeAsync(fullName, function, json, JitRuntime.Calls.ElementCaller.Trusted, cancellationToken).ConfigureAwait(false);
        return System.Text.Json.JsonSerializer.SerializeToElement(result, JitRuntime.Calls.ElementJson.Options);
    }

    /// <summary>
    /// Calls <paramref name="function"/> of <paramref name="fullName"/> for <paramref name="caller"/> (trusted when null, as <c>jit call</c>) with named arguments
    /// (a JSON object) through the app's <see cref="JitRuntime.Calls.ElementDispatcher"/>, the dispatch HTTP, MCP and
    /// <c>jit call</c> use, and returns the function's (awaited) result as it returned it.
    /// </summary>
    /// <exception cref="ElementNotFoundException">No such element.</exception>
    /// <exception cref="BrokenElementException">The element is broken.</exception>
    /// <exception cref="JitRuntime.Calls.ElementCallException">A coded refusal: <c>method_not_found</c>, <c>invalid_arguments</c>, 401s, or the function's own.</exception>
    public Task<object?> InvokeAsync(string fullName, string function, System.Text.Json.JsonElement arguments, JitRuntime.Calls.ElementCaller? caller = null,
        CancellationToken cancellationToken = default) =>
        Dispatcher.InvokeAsync(this, fullName, function, arguments, caller ?? JitRuntime.Calls.ElementCaller.Trusted, cancellationToken);

    /// <summary>The dispatch of this app's services (one per service provider).</summary>
    internal JitRuntime.Calls.ElementDispatcher Dispatcher =>
        _dispatcher ??= Services.GetService(typeof(JitRuntime.Calls.ElementDispatcher)) as JitRuntime.Calls.ElementDispatcher ?? JitRuntime.Calls.ElementDispatcher.Bare;

    /// <summary>Disposes the instances created for <paramref name="elements"/>, once each.</summary>
    internal static async ValueTask DisposeInstancesAsync(IEnumerable<LoadedElement> elements)
    {
        foreach (var element in elements)
        {
            switch (Interlocked.Exchange(ref element.Instance, null))
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
