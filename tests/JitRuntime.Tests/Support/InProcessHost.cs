using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Support;

/// <summary>The real web host of an app folder, started in this process on a free 127.0.0.1 port, with a client for it.</summary>
public sealed class InProcessHost : IAsyncDisposable
{
    private InProcessHost(WebApplication app)
    {
        App = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Builds and starts the host as <c>jit run</c> does, with <paramref name="settings"/> over the app's own.</summary>
    public static async Task<InProcessHost> StartAsync(string appDirectory, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null, string? studioToken = null)
    {
        var app = JitWebHost.Build(appDirectory, "http://127.0.0.1:0", settings, configureServices, studioToken: studioToken);
        try
        {
            await JitWebHost.StartAsync(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new InProcessHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}
