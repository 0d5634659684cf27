using JitRuntime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host;

/// <summary>The services every verb shares: the runtime core, the element families the host ships, and the app's configuration.</summary>
public static class JitServices
{
    /// <summary>Registers the core and every element family this host ships.</summary>
    public static IServiceCollection AddJitHost(this IServiceCollection services, string appDirectory)
    {
        var configuration = new ConfigurationBuilder().AddJitApp(appDirectory).Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.Configure<AppDirectoryOptions>(options => options.AppDirectory = Path.GetFullPath(appDirectory));
        services.AddJitElementFamilies(configuration);
        return services;
    }

    /// <summary>A service provider for one command-line verb; its logs go to standard error, at or above <paramref name="minimumLevel"/>.</summary>
    /// <param name="appDirectory">The app folder.</param>
    /// <param name="minimumLevel">The least severe log level written.</param>
    /// <param name="configure">Changes the runtime's options for this verb (<c>--strict</c>, say).</param>
    public static ServiceProvider BuildForCommand(string appDirectory, LogLevel minimumLevel, Action<JitRuntime.JitRuntimeOptions>? configure = null)
    {
        JitRuntime.Schemas.SchemaStore.WarmUp();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(minimumLevel);
            if (minimumLevel != LogLevel.None)
            {
                // The console logger starts a writer thread; a verb that logs nothing does not need it.
                logging.AddSimpleConsole(console => console.SingleLine = true)
                    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            }
        });
        services.AddJitHost(appDirectory);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
