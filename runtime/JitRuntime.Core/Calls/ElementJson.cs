using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitRuntime.Calls;

/// <summary>How element call results are written: camelCase (<c>bindCode</c>, <c>userId</c>), the way the element platform names them.</summary>
public static class ElementJson
{
    /// <summary>Shared by HTTP responses, <c>jit call</c> and <see cref="Apps.JitApp.CallAsync"/>.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// The same, for JSON read as text (an MCP tool's text content, <c>jit call</c>'s output in a terminal): characters
    /// such as <c>'</c> and non-ASCII letters are written as they are, not as <c>\u0027</c>, which a second JSON
    /// layer (MCP's) would escape again. Never for JSON embedded in HTML.
    /// </summary>
    public static readonly JsonSerializerOptions TextOptions = new(Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
