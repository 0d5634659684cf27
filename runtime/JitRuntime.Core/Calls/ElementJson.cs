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
}
