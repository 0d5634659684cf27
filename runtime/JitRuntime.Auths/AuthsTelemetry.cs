using System.Diagnostics.Metrics;
using JitRuntime.Diagnostics;

namespace JitRuntime.Auths;

/// <summary>The auths family's instruments, on a meter of the runtime's name (<see cref="JitTelemetry.Name"/>), so that whoever listens to the runtime hears them.</summary>
internal static class AuthsTelemetry
{
    private static readonly Meter Meter = new(JitTelemetry.Name, typeof(AuthsTelemetry).Assembly.GetName().Version?.ToString(3));

    /// <summary>Requests to WeChat's API; tags <c>wechat.endpoint</c>, <c>wechat.errcode</c> (or how it failed without one).</summary>
    public static readonly Counter<long> WeChatRequests = Meter.CreateCounter<long>("jit.wechat.requests", "{request}", "Requests to WeChat's API");

    /// <summary>How long WeChat requests take, same tags as <see cref="WeChatRequests"/>.</summary>
    public static readonly Histogram<double> WeChatRequestDuration = Meter.CreateHistogram<double>("jit.wechat.request.duration", "s", "WeChat request duration");

    /// <summary>One-time codes written (tag <c>jit.code.kind</c>: bind, login); counted when written, before the transaction commits.</summary>
    public static readonly Counter<long> CodesIssued = Meter.CreateCounter<long>("jit.auth.codes.issued", "{code}", "One-time codes issued");

    /// <summary>One-time codes redeemed (tag <c>jit.code.kind</c>).</summary>
    public static readonly Counter<long> CodesRedeemed = Meter.CreateCounter<long>("jit.auth.codes.redeemed", "{code}", "One-time codes redeemed");
}
