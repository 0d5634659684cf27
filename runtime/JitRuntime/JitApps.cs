using JitRuntime.Apps;
using JitRuntime.Diagnostics;
using JitRuntime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime;

/// <summary>Opens an app the way the host does, in one call, for scripts and other programs.</summary>
public static class JitApps
{
    /// <summary>
    /// Loads the app in <paramref name="appDirectory"/> with its configuration (<c>app.json</c>, <c>JIT_</c> variables,
    /// <c>${NAME}</c>), the shipped element families and the app's database. Disposing the returned app disposes its
    /// element instances, then everything opened for it. Diagnostics are in <see cref="JitApp.Diagnostics"/>; elements
    /// that are valid are usable even when others are broken, as in the host.
    /// </summary>
    /// <exception cref="JitRuntimeException">The folder does not exist or holds no <c>app.json</c>: the message names its absolute path.</exception>
    /// <example><code>
    /// await using var app = await JitApps.OpenAsync("path/to/app");
    /// var result = await app.CallAsync("auths.loginTypes.myWeChatMiniLogin", "getLoginCode", new { code });
    /// </code></example>
    public static async Task<JitApp> OpenAsync(string appDirectory, Action<JitAppBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(appDirectory);
        var directory = Path.GetFullPath(appDirectory);
        var configuration = new ConfigurationManager();
        configuration.AddJitApp(directory);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(console => console.SingleLine = true)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
        configure?.Invoke(new JitAppBuilder(directory, configuration, services));

        services.AddSingleton<IConfiguration>(configuration);
        services.Configure<AppDirectoryOptions>(options => options.AppDirectory = directory);
        services.AddJitElementFamilies(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            var app = await provider.GetRequiredService<JitAppLoader>().LoadAsync(directory, cancellationToken).ConfigureAwait(false);
            if (app.Diagnostics.FirstOrDefault(d => d.IsError && d.Code == DiagnosticCodes.AppNotFound) is { } notAnApp)
            {
                // Not an app at all: say so now, not at the first call as an unknown element.
                await app.DisposeAsync().ConfigureAwait(false);
                throw new JitRuntimeException($"'{directory}' is not an app: {notAnApp}");
            }

            app.DisposeWith(provider);
            return app;
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
