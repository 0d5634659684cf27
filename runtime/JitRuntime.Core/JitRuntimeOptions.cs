using JitRuntime.Json;
using JitRuntime.Schemas;

namespace JitRuntime;

/// <summary>Options of the runtime core, set with <c>services.AddJitRuntime(options => ...)</c>.</summary>
public sealed class JitRuntimeOptions
{
    /// <summary>Where the JSON Schema files are; defaults to the <c>schemas/</c> folder beside the runtime's binaries.</summary>
    public string SchemaDirectory { get; set; } = SchemaStore.DefaultDirectory;

    /// <summary>Largest <c>e.json</c> or configuration file read, in bytes (1 MiB).</summary>
    public int MaxFileBytes { get; set; } = JsonFileReader.DefaultMaxBytes;

    /// <summary>How many elements are read and validated at once; defaults to the processor count.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Most diagnostics one element reports in a load; the rest are counted in one <c>JIT098</c> line.</summary>
    public int MaxDiagnosticsPerElement { get; set; } = 20;

    /// <summary>Most diagnostics one load reports in total; the rest are counted in one <c>JIT098</c> line.</summary>
    public int MaxDiagnostics { get; set; } = 1000;

    /// <summary>
    /// Unknown keys in <c>e.json</c> and business configurations (<c>JIT045</c>) are errors, which break the element,
    /// instead of warnings: <c>jit validate --strict</c>, or <c>"settings": { "Validation": { "Strict": true } }</c>.
    /// </summary>
    public bool StrictKeys { get; set; }

    /// <summary>
    /// The process loads the app once and exits (<c>jit validate</c>, <c>jit elements</c>): a load of 1,000 elements or
    /// more then runs without garbage collections (a no-GC region of about 16 KB per element, at most 256 MiB), trading
    /// memory the process is about to give back for time. Leave it off in a server, which loads again and again.
    /// </summary>
    public bool OneShotProcess { get; set; }

    /// <summary>Reads an environment variable for <c>${NAME}</c> values; replaceable in tests.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;
}
