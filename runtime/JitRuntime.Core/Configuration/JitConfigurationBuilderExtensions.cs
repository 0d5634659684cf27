using JitRuntime.Configuration;

namespace Microsoft.Extensions.Configuration;

/// <summary>Adds an app's configuration to a <see cref="IConfigurationBuilder"/>.</summary>
public static class JitConfigurationBuilderExtensions
{
    /// <summary>The prefix of environment variables that override app settings (<c>JIT_WeChat__ApiBaseUrl</c>).</summary>
    public const string EnvironmentPrefix = "JIT_";

    /// <summary>
    /// Adds the <c>settings</c> of <c>{appDirectory}/app.json</c>, then environment variables prefixed <c>JIT_</c>
    /// (<c>__</c> between levels) which override them.
    /// </summary>
    public static IConfigurationBuilder AddJitApp(this IConfigurationBuilder builder, string appDirectory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new AppSettingsConfigurationSource { AppDirectory = Path.GetFullPath(appDirectory) });
        return builder.AddEnvironmentVariables(EnvironmentPrefix);
    }
}
