using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace JitRuntime.Diagnostics;

/// <summary>
/// The runtime's one meter and one activity source, both named <see cref="Name"/>: what an OpenTelemetry SDK (the host
/// wires one) or any <c>MeterListener</c>/<c>ActivityListener</c> subscribes to. Families create their own meter of this
/// name for their instruments (a meter name may have several meters), so one subscription hears them all. Tag values are bounded sets (element
/// and function names of the app, stable codes); never a user id, openid, code or token.
/// </summary>
public static class JitTelemetry
{
    /// <summary>The meter's and the activity source's name.</summary>
    public const string Name = "JitRuntime";

    private static readonly string? Version = typeof(JitTelemetry).Assembly.GetName().Version?.ToString(3);

    /// <summary>Spans: one per element call, with children for WeChat requests and database transactions.</summary>
    public static readonly ActivitySource Source = new(Name, Version);

    /// <summary>The meter every instrument below belongs to.</summary>
    public static readonly Meter Meter = new(Name, Version);

    /// <summary>Element method calls; tags <c>jit.element</c>, <c>jit.function</c>, <c>jit.outcome</c> (<c>ok</c> or the error code).</summary>
    public static readonly Counter<long> ElementCalls = Meter.CreateCounter<long>("jit.element.calls", "{call}", "Element method calls");

    /// <summary>How long element method calls take, same tags as <see cref="ElementCalls"/>.</summary>
    public static readonly Histogram<double> ElementCallDuration = Meter.CreateHistogram<double>("jit.element.call.duration", "s", "Element method call duration");

    /// <summary>App reloads after file changes; tag <c>jit.outcome</c> (<c>ok</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> Reloads = Meter.CreateCounter<long>("jit.app.reloads", "{reload}", "App reloads");
}
