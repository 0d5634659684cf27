using Microsoft.Extensions.Configuration;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Configuration;

/// <summary>Reads the <c>settings</c> object of an <c>app.json</c> into <see cref="IConfiguration"/> keys (<c>WeChat:ApiBaseUrl</c>).</summary>
public sealed class AppSettingsConfigurationSource : IConfigurationSource
{
    /// <summary>The app folder holding <c>app.json</c>.</summary>
    public required string AppDirectory { get; init; }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new AppSettingsConfigurationProvider(AppDirectory);
}

/// <summary>Flattens <c>app.json</c> <c>settings</c>, expanding <c>${NAME}</c> from the environment.</summary>
internal sealed class AppSettingsConfigurationProvider(string appDirectory) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var file = Json.JsonFileReader.Read(Path.Combine(appDirectory, Apps.AppManifest.FileName), Apps.AppManifest.FileName);
        if (file.Root is JObject { } root && root["settings"] is JObject settings)
        {
            Flatten(settings, prefix: null, data);
        }

        // A broken app.json is reported by the loader with a diagnostic; configuration then simply has no settings.
        Data = data;
    }

    private static void Flatten(JToken token, string? prefix, Dictionary<string, string?> data)
    {
        switch (token)
        {
            case JObject obj:
                foreach (var property in obj.Properties())
                {
                    Flatten(property.Value, prefix is null ? property.Name : prefix + ConfigurationPath.KeyDelimiter + property.Name, data);
                }

                break;
            case JArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], prefix + ConfigurationPath.KeyDelimiter + i, data);
                }

                break;
            case JValue { Type: JTokenType.Null }:
                data[prefix!] = null;
                break;
            case JValue value:
                var text = Convert.ToString(value.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                data[prefix!] = value.Type switch
                {
                    JTokenType.String => EnvironmentPlaceholders.Expand(text),
                    JTokenType.Boolean => text.ToLowerInvariant(),
                    _ => text,
                };
                break;
        }
    }
}
