using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime;

/// <summary>What <see cref="JitApps.OpenAsync"/> lets a script change before the app is opened.</summary>
public sealed class JitAppBuilder
{
    internal JitAppBuilder(string appDirectory, ConfigurationManager configuration, IServiceCollection services)
    {
        AppDirectory = appDirectory;
        Configuration = configuration;
        Services = services;
    }

    /// <summary>The app folder (absolute).</summary>
    public string AppDirectory { get; }

    /// <summary>
    /// The app's configuration: <c>app.json</c> settings, then <c>JIT_</c> environment variables. Sources added here win
    /// over both, e.g. <c>Configuration.AddInMemoryCollection(new Dictionary&lt;string, string?&gt; { ["WeChat:ApiBaseUrl"] = url })</c>.
    /// </summary>
    public ConfigurationManager Configuration { get; }

    /// <summary>Services registered here come before the families' defaults (a <c>TimeProvider</c>, logging, ...).</summary>
    public IServiceCollection Services { get; }
}
