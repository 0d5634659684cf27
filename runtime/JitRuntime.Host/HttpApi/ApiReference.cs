using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Scalar.AspNetCore;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// The app's API described: the OpenAPI 3.1 document of its effective functionLists at <c>/openapi/v1.json</c>
/// (Microsoft.AspNetCore.OpenApi, ASP.NET Core's convention) and a browsable reference page at <c>/scalar</c> (Scalar,
/// served from the host itself: no CDN).
/// </summary>
public static class ApiReference
{
    /// <summary>Where the reference page is.</summary>
    public const string Path = "/scalar/";

    /// <summary>The document's name: <c>/openapi/v1.json</c>.</summary>
    public const string DocumentName = "v1";

    /// <summary>Registers the document generator with the functionList transformer.</summary>
    public static IServiceCollection AddJitApiReference(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options => options.AddDocumentTransformer<FunctionListDocumentTransformer>());

    /// <summary>Maps <c>/openapi/v1.json</c> and <c>/scalar</c>.</summary>
    public static IEndpointRouteBuilder MapJitApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        endpoints.MapScalarApiReference(options =>
        {
            // The page documents this app: nothing on it leads outside (Scalar's AI agent, its MCP and deploy tooling,
            // its developer toolbar) or reports anywhere (telemetry).
            options.WithTitle("JitRuntime API");
            options.Agent = new ScalarAgentOptions { Disabled = true };
            options.Mcp = new ScalarMcpOptions { Disabled = true };
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            options.Telemetry = false;
        });
        return endpoints;
    }
}
