using JitRuntime.Calls;
using System.Text.Json;
using JitRuntime.Host.HttpApi;

namespace JitRuntime.Host.Cli;

/// <summary>JSON documents the listing verbs print: the HTTP API's settings, indented for people.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(ElementJson.TextOptions) { WriteIndented = true };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
