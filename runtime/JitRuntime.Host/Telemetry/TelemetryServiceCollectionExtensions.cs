using JitRuntime.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JitRuntime.Host.Telemetry;

/// <summary>
/// Wires the OpenTelemetry .NET SDK: the runtime's meter and activity source (<see cref="JitTelemetry.Name"/>) plus
/// ASP.NET Core and HttpClient instrumentation. Exported over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set (the other <c>OTEL_*</c> variables apply as usual). Without that endpoint the SDK is left out, since nothing
/// would read what it records (spans and metric points cost every request); <c>Telemetry:Enabled</c> true wires it
/// anyway (for exporters added in code), false leaves it out even with an endpoint.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The setting that turns the SDK on or off (default: on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set).</summary>
    public const string EnabledKey = "Telemetry:Enabled";

    /// <summary>Adds the SDK as described above.</summary>
    public static IServiceCollection AddJitTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var exports = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ||
            !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        if (!(configuration.GetValue<bool?>(EnabledKey) ?? exports))
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("jit", serviceVersion: typeof(JitTelemetry).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics => metrics.AddMeter(JitTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithTracing(tracing => tracing.AddSource(JitTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        if (exports)
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
