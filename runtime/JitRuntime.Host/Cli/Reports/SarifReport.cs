using System.Reflection;
using System.Text.Json;
using JitRuntime.Diagnostics;

namespace JitRuntime.Host.Cli.Reports;

/// <summary>
/// SARIF 2.1.0 (the OASIS static-analysis format code-scanning services read): one run of the tool <c>jit</c>, one rule
/// per diagnostic code, one result per diagnostic. Paths stay relative to the app folder, whose location is given as
/// the base <c>APPROOT</c>, so the same app validates to the same file on any machine except for that one URI.
/// </summary>
internal static class SarifReport
{
    private const string RootBase = "APPROOT";

    /// <summary>The names of the <see cref="DiagnosticCodes"/> constants, by code: the rules' names.</summary>
    private static readonly Lazy<Dictionary<string, string>> RuleNames = new(() => typeof(DiagnosticCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .ToDictionary(f => (string)f.GetRawConstantValue()!, f => f.Name, StringComparer.Ordinal));

    public static async Task WriteAsync(ValidationReport report, TextWriter output)
    {
        var rules = report.Shown.Select(d => d.Code).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var ruleIndex = rules.Select((code, index) => (code, index)).ToDictionary(r => r.code, r => r.index, StringComparer.Ordinal);

        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", "jit");
            json.WriteString("fullName", "JitRuntime jit validate");
            json.WriteString("semanticVersion", typeof(SarifReport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            json.WriteStartArray("rules");
            foreach (var code in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", code);
                if (RuleNames.Value.TryGetValue(code, out var name))
                {
                    json.WriteString("name", name);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(RootBase);
            json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(report.AppDirectory) + Path.DirectorySeparatorChar).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("results");
            foreach (var diagnostic in report.Shown)
            {
                WriteResult(json, diagnostic, ruleIndex[diagnostic.Code]);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void WriteResult(Utf8JsonWriter json, Diagnostic diagnostic, int ruleIndex)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", diagnostic.Code);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", diagnostic.IsError ? "error" : "warning");
        json.WriteStartObject("message");
        json.WriteString("text", diagnostic.Message);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", RelativeUri(diagnostic.Path));
        json.WriteString("uriBaseId", RootBase);
        json.WriteEndObject();
        if (diagnostic.Line > 0)
        {
            // SARIF lines and columns are 1-based; 0 means "the whole file" here, which SARIF says by leaving the region out.
            json.WriteStartObject("region");
            json.WriteNumber("startLine", diagnostic.Line);
            if (diagnostic.Column > 0)
            {
                json.WriteNumber("startColumn", diagnostic.Column);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A relative URI reference: each path segment percent-encoded, "." (the app folder itself) as "./".</summary>
    private static string RelativeUri(string path) =>
        path is "." or "" ? "./" : string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
