using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Auths.Development;

/// <summary>
/// A small, silent web app on a free port of 127.0.0.1: what stand-ins for outside services are built on (the
/// development WeChat stand-in here; the test fake and the benchmark baseline elsewhere).
/// </summary>
public static class LoopbackServer
{
    /// <summary>Builds the app, lets <paramref name="map"/> add its routes, starts it, and returns it with its base URL.</summary>
    /// <param name="map">Adds the routes.</param>
    /// <param name="kestrel">Changes Kestrel's settings (a short keep-alive timeout, say).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<(WebApplication App, string BaseUrl)> StartAsync(Action<WebApplication> map,
        Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? kestrel = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (kestrel is not null)
        {
            builder.WebHost.ConfigureKestrel(kestrel);
        }

        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return (app, app.Urls.Single());
    }
}
