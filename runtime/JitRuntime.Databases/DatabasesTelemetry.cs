using System.Diagnostics.Metrics;
using JitRuntime.Diagnostics;

namespace JitRuntime.Databases;

/// <summary>The databases family's instruments, on a meter of the runtime's name (<see cref="JitTelemetry.Name"/>), so that whoever listens to the runtime hears them.</summary>
internal static class DatabasesTelemetry
{
    private static readonly Meter Meter = new(JitTelemetry.Name, typeof(DatabasesTelemetry).Assembly.GetName().Version?.ToString(3));

    /// <summary>Database faults by kind (tag <c>jit.outcome</c>: <c>database_unavailable</c>, <c>database_busy</c>, ...).</summary>
    public static readonly Counter<long> Faults = Meter.CreateCounter<long>("jit.database.faults", "{fault}", "Database faults");
}
