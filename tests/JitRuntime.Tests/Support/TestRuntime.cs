using JitRuntime.Apps;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Support;

/// <summary>Builds the runtime the way a host does: core + the auths family, plus whatever a test adds.</summary>
public static class TestRuntime
{
    public static ServiceProvider Services(Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string>? environment = null,
        string? appDirectory = null)
    {
        var services = new ServiceCollection();
        if (appDirectory is not null)
        {
            services.Configure<JitRuntime.Storage.AppDirectoryOptions>(o => o.AppDirectory = appDirectory);
        }

        services.AddJitRuntime(options =>
        {
            if (environment is not null)
            {
                options.GetEnvironmentVariable = name => environment.GetValueOrDefault(name);
            }
            else
            {
                options.GetEnvironmentVariable = _ => null;
            }
        });
        services.AddAuthElements();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Loads <paramref name="app"/> with a fresh runtime.</summary>
    public static async Task<JitApp> LoadAsync(TempApp app, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string>? environment = null) =>
        await LoadAsync(app.Directory, configure, environment);

    public static async Task<JitApp> LoadAsync(string directory, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var services = Services(configure, environment, directory);
        return await services.GetRequiredService<JitAppLoader>().LoadAsync(directory);
    }

    /// <summary>The repository root (where JitRuntime.sln is), found from the test binaries' folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "JitRuntime.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("JitRuntime.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
