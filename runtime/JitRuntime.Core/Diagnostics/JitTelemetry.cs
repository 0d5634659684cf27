using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace JitRuntime.Diagnostics;

/// <summary>
/// The runtime's one meter and one activity source, both named <see cref="Name"/>: what an OpenTelemetry SDK (the host
/// wires one) or any <c>MeterListener</c>/<c>ActivityListener</c> subscribes to. Tag values are bounded sets (element
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

    /// <summary>Requests to WeChat's API; tags <c>wechat.endpoint</c>, <c>wechat.errcode</c> (or how it failed without one).</summary>
    public static readonly Counter<long> WeChatRequests = Meter.CreateCounter<long>("jit.wechat.requests", "{request}", "Requests to WeChat's API");

    /// <summary>How long WeChat requests take, same tags as <see cref="WeChatRequests"/>.</summary>
    public static readonly Histogram<double> WeChatRequestDuration = Meter.CreateHistogram<double>("jit.wechat.request.duration", "s", "WeChat request duration");

    /// <summary>One-time codes written (tag <c>jit.code.kind</c>: bind, login); counted when written, before the transaction commits.</summary>
    public static readonly Counter<long> CodesIssued = Meter.CreateCounter<long>("jit.auth.codes.issued", "{code}", "One-time codes issued");

    /// <summary>One-time codes redeemed (tag <c>jit.code.kind</c>).</summary>
    public static readonly Counter<long> CodesRedeemed = Meter.CreateCounter<long>("jit.auth.codes.redeemed", "{code}", "One-time codes redeemed");

    /// <summary>App reloads after file changes; tag <c>jit.outcome</c> (<c>ok</c>, <c>failed</c>).</summary>
    public static readonly Counter<long> Reloads = Meter.CreateCounter<long>("jit.app.reloads", "{reload}", "App reloads");

    /// <summary>Database faults by kind (tag <c>jit.outcome</c>: <c>database_unavailable</c>, <c>database_busy</c>, ...).</summary>
    public static readonly Counter<long> DatabaseFaults = Meter.CreateCounter<long>("jit.database.faults", "{fault}", "Database faults");
}
