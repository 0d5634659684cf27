using JitRuntime.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host;

/// <summary>The services every verb shares: the runtime core, the element families the host ships, and the app's configuration.</summary>
public static class JitServices
{
    /// <summary>Registers the core and every element family this host ships.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="appDirectory">The app folder.</param>
    /// <param name="inspectOnly">Only what loading and validating need (the families' Types), not what elements run on.</param>
    /// <param name="settings">Configuration that wins over the app's (the development WeChat stand-in's address).</param>
    public static IServiceCollection AddJitHost(this IServiceCollection services, string appDirectory, bool inspectOnly = false,
        IDictionary<string, string?>? settings = null)
    {
        var builder = new ConfigurationBuilder().AddJitApp(appDirectory);
        if (settings is not null)
        {
            builder.AddInMemoryCollection(settings);
        }

        var configuration = builder.Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.Configure<AppDirectoryOptions>(options => options.AppDirectory = Path.GetFullPath(appDirectory));
        if (inspectOnly)
        {
            services.AddJitElementTypes(configuration);
        }
        else
        {
            services.AddJitElementFamilies(configuration);
        }

        return services;
    }

    /// <summary>A service provider for one command-line verb; its logs go to standard error, at or above <paramref name="minimumLevel"/>.</summary>
    /// <param name="appDirectory">The app folder.</param>
    /// <param name="minimumLevel">The least severe log level written.</param>
    /// <param name="configure">Changes the runtime's options for this verb (<c>--strict</c>, say).</param>
    /// <param name="inspectOnly">The verb loads the app but calls no element (<c>validate</c>, <c>elements</c>).</param>
    /// <param name="settings">Configuration that wins over the app's.</param>
    public static ServiceProvider BuildForCommand(string appDirectory, LogLevel minimumLevel, Action<JitRuntime.JitRuntimeOptions>? configure = null,
        bool inspectOnly = false, IDictionary<string, string?>? settings = null)
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
        services.AddJitHost(appDirectory, inspectOnly, settings);

        // A verb is one process per command: it loads the app once and exits.
        services.Configure<JitRuntime.JitRuntimeOptions>(options => options.OneShotProcess = true);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
