using System.Text.Json;
using System.Text.Json.Serialization;

namespace JitRuntime.Host.HttpApi;

/// <summary>How results are written: camelCase (<c>bindCode</c>, <c>userId</c>), the way the element platform names them.</summary>
public static class HostJson
{
    /// <summary>Shared by HTTP responses and <c>jit call</c>.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
