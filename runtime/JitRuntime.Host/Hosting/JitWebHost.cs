using System.Threading.RateLimiting;
using JitRuntime.Host.Health;
using JitRuntime.Host.HttpApi;
using JitRuntime.Host.Mcp;
using JitRuntime.Host.Studio;
using JitRuntime.Host.Telemetry;
using JitRuntime.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Hosting;

/// <summary>
/// Builds the web host that serves an app: configuration from <c>app.json</c> and <c>JIT_</c> variables, the runtime
/// and its element families, the HTTP API with a body size bound and a per-client rate limit on element calls, and
/// the file watcher for hot reload. <c>jit run</c>, the integration tests and the HTTP benchmark all use it.
/// </summary>
public static class JitWebHost
{
    /// <summary>
    /// The configuration key that picks the console log format (ASP.NET Core's own): <c>simple</c> (default, one line per
    /// event) or <c>json</c> (one JSON object per line); <c>jit run --log-format</c> sets it.
    /// </summary>
    public const string LogFormatterKey = "Logging:Console:FormatterName";

    /// <summary>Builds (does not start) the host for the app in <paramref name="appDirectory"/>.</summary>
    /// <param name="appDirectory">The app folder.</param>
    /// <param name="urls">Where to listen (<c>http://127.0.0.1:0</c> picks a free port).</param>
    /// <param name="settings">Extra configuration that wins over everything else (the dev WeChat stand-in's address).</param>
    /// <param name="configureServices">Adds or changes services before the host is built (tests add in-memory telemetry exporters).</param>
    /// <param name="studioToken">Serves the Element Studio at <c>/studio/</c> behind this token; null (the default) leaves it off.</param>
    /// <param name="environmentName">The hosting environment (<c>Development</c> with the WeChat stand-in); the default reads <c>ASPNETCORE_ENVIRONMENT</c>, else Production.</param>
    /// <param name="developmentPages">Pages of running stand-ins, served only in the Development environment.</param>
    /// <exception cref="JitRuntime.Diagnostics.JitRuntimeException">A host setting is invalid; the message names it.</exception>
    public static WebApplication Build(string appDirectory, string urls, IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null, string? environmentName = null, string? studioToken = null,
        IReadOnlyList<JitRuntime.CommandLine.DevelopmentPage>? developmentPages = null)
    {
        appDirectory = Path.GetFullPath(appDirectory);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = appDirectory, Args = [], EnvironmentName = environmentName });
        builder.Configuration.AddJitApp(appDirectory);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        // A start that fails (the port is taken) is said by `jit run` in one line; the host would also log it with
        // Kestrel's stack trace. Its critical events (a background service stopping the host) still show.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        AddConsoleLog(builder);

        var hostOptions = builder.Configuration.GetSection(JitHostOptions.SectionName).Get<JitHostOptions>() ?? new JitHostOptions();
        builder.Services.Configure<JitHostOptions>(builder.Configuration.GetSection(JitHostOptions.SectionName));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = hostOptions.MaxRequestBodyBytes);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.Services.Configure<AppDirectoryOptions>(o => o.AppDirectory = appDirectory);
        builder.Services.AddJitElementFamilies(builder.Configuration);
        builder.Services.AddSingleton<JitAppHolder>();
        builder.Services.AddSingleton<ElementsWatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ElementsWatcher>());
        builder.Services.AddProblemDetails();
        builder.Services.AddJitHealthChecks();
        if (hostOptions.ApiReference)
        {
            builder.Services.AddJitApiReference();
        }

        if (hostOptions.Mcp)
        {
            builder.Services.AddJitMcp();
        }
        builder.Services.AddJitTelemetry(builder.Configuration);
        if (studioToken is not null)
        {
            builder.Services.AddJitStudio(studioToken);
        }


        // Forwarded headers are believed only from the configured proxies; this also holds when
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED turns the middleware on (which would otherwise believe anyone).
        var proxies = hostOptions.ForwardedHeaders;
        var knownProxies = proxies.KnownProxies.Select(proxy => System.Net.IPAddress.TryParse(proxy, out var address) ? address
            : throw new JitRuntime.Diagnostics.JitRuntimeException($"Host:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address")).ToList();
        var knownNetworks = proxies.KnownNetworks.Select(network => System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
            : throw new JitRuntime.Diagnostics.JitRuntimeException($"Host:ForwardedHeaders:KnownNetworks: '{network}' is not a network such as 10.0.0.0/24")).ToList();
        var trustsProxies = knownProxies.Count + knownNetworks.Count > 0;
        builder.Services.PostConfigure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardedHeaders = trustsProxies ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            knownProxies.ForEach(forwarded.KnownProxies.Add);
            knownNetworks.ForEach(forwarded.KnownIPNetworks.Add);
        });
        builder.Services.AddClientRateLimit(hostOptions.RateLimit);

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        if (trustsProxies)
        {
            app.UseForwardedHeaders();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.MapElementApi();
        app.MapJitHealthChecks();
        if (hostOptions.ApiReference)
        {
            app.MapJitApiReference();
            if (app.Environment.IsDevelopment())
            {
                // A developer opening http://localhost:5000/ wants to see what the app offers.
                app.MapGet("/", () => Results.Redirect(ApiReference.Path)).ExcludeFromDescription();
            }
        }

        if (hostOptions.Mcp)
        {
            app.MapJitMcp();
        }

        if (studioToken is not null)
        {
            app.MapJitStudio();
        }

        if (app.Environment.IsDevelopment())
        {
            foreach (var page in developmentPages ?? [])
            {
                app.MapGet(page.Path, () => Results.Bytes(page.Content, page.ContentType)).ExcludeFromDescription();
            }
        }

        return app;
    }

    private static void AddConsoleLog(WebApplicationBuilder builder)
    {
        switch (builder.Configuration[LogFormatterKey]?.ToLowerInvariant())
        {
            case null or "" or "simple":
                builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
                break;
            case "json":
                // One object per line with EventId, LogLevel, Category, Message and State (the message's named values),
                // UTC timestamps: what log shippers parse. The values are the same as in text, so no secret is added.
                builder.Logging.AddJsonConsole(json =>
                {
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                    json.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
                });
                break;
            default:
                throw new JitRuntime.Diagnostics.JitRuntimeException(
                    $"{LogFormatterKey}: '{builder.Configuration[LogFormatterKey]}' is not a log format; use simple (text) or json");
        }
    }

    /// <summary>
    /// Watches the app folder, loads the app, runs the families' start checks, then starts listening: /health answers
    /// 200 from the first request, and an edit made while the app loads is not missed (the watcher exists before the
    /// load reads the folder).
    /// </summary>
    /// <exception cref="JitRuntime.Diagnostics.JitRuntimeException">A start check refused the app; the message is the reason.</exception>
    public static async Task StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        var holder = app.Services.GetRequiredService<JitAppHolder>();
        app.Services.GetRequiredService<ElementsWatcher>().WatchBeforeFirstLoad(app.Environment.ContentRootPath);
        await holder.LoadAsync(app.Environment.ContentRootPath, cancellationToken).ConfigureAwait(false);
        foreach (var check in app.Services.GetServices<JitRuntime.Apps.IAppStartCheck>())
        {
            await check.CheckAsync(cancellationToken).ConfigureAwait(false);
        }

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
    }
}
