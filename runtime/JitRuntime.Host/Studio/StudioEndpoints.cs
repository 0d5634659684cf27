using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Host.Studio;

/// <summary>
/// The Element Studio at <c>/studio/</c> (<c>jit run --studio</c>): its page (a React and react-jsonschema-form bundle
/// built from <c>Studio/web</c> into <c>Studio/assets</c> and embedded in this assembly, so the host needs no Node.js) and
/// its API under <c>/studio/api/</c>, every route behind <see cref="StudioAccess"/>.
/// </summary>
public static class StudioEndpoints
{
    /// <summary>Where the studio is.</summary>
    public const string Path = "/studio/";

    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["studio.js"] = "text/javascript; charset=utf-8",
        ["studio.css"] = "text/css; charset=utf-8",
    };

    /// <summary>Registers the studio's services with its <paramref name="token"/>.</summary>
    public static IServiceCollection AddJitStudio(this IServiceCollection services, string token) =>
        services.AddSingleton(new StudioAccess(token)).AddSingleton<StudioApi>();

    /// <summary>Maps the page and the API.</summary>
    public static IEndpointRouteBuilder MapJitStudio(this IEndpointRouteBuilder endpoints)
    {
        var studio = endpoints.MapGroup("/studio").ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var access = context.HttpContext.RequestServices.GetRequiredService<StudioAccess>();
            if (access.Check(context.HttpContext) is { } status)
            {
                return status == StatusCodes.Status401Unauthorized
                    ? StudioApi.Problem(status, "studio_token_required", "open the studio with the URL jit run printed (it carries the token)")
                    : StudioApi.Problem(status, "studio_origin_refused", "the studio takes changes only from its own page");
            }

            if (context.HttpContext.Request.Query.ContainsKey("token"))
            {
                access.Remember(context.HttpContext);
            }

            return await next(context);
        });
        studio.MapGet("/", () => Asset("index.html"));
        studio.MapGet("/{file}", (string file) => Assets.ContainsKey(file) ? Asset(file) : Results.NotFound());
        var api = studio.MapGroup("/api");
        api.MapGet("/state", (StudioApi studioApi) => studioApi.State());
        api.MapGet("/types/{type}/form", (string type, StudioApi studioApi) => studioApi.Form(type));
        api.MapGet("/elements/{fullName}", (string fullName, StudioApi studioApi) => studioApi.Read(fullName));
        api.MapPost("/elements", (StudioApi.NewRequest request, StudioApi studioApi, CancellationToken cancellationToken) => studioApi.CreateAsync(request, cancellationToken));
        api.MapPut("/elements/{fullName}", (string fullName, StudioApi.EditRequest request, StudioApi studioApi, CancellationToken cancellationToken) =>
            studioApi.EditAsync(fullName, request, cancellationToken));
        api.MapDelete("/elements/{fullName}", (string fullName, StudioApi studioApi) => studioApi.Delete(fullName));
        return endpoints;
    }

    private static IResult Asset(string file)
    {
        var stream = typeof(StudioEndpoints).Assembly.GetManifestResourceStream("studio/" + file);
        return stream is null ? Results.NotFound() : Results.Stream(stream, Assets[file]);
    }
}
