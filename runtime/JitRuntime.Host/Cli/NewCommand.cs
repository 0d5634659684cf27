using System.CommandLine;
using JitRuntime.Apps;
using JitRuntime.Authoring;
using JitRuntime.Types;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary>
/// <c>jit new TYPE FULLNAME [--app DIR] [--title T] [--set KEY=VALUE]...</c>: writes a new element composed from its
/// Type's schemas (<see cref="NewElement"/>), checked by the runtime's own validator first (<see cref="NewElementCheck"/>).
/// Exit 0 written; 1 invalid (the diagnostics, nothing written) or the element exists (never overwritten); 2 usage.
/// </summary>
internal static class NewCommand
{
    public const int Refused = 1;

    public static Command Create()
    {
        var app = CommonOptions.AppOption();
        var type = new Argument<string>("TYPE") { Description = "The Type, e.g. auths.loginTypes.WeChatMiniType ('jit types' lists them)." };
        var fullName = new Argument<string>("FULLNAME") { Description = "The new element, e.g. auths.loginTypes.shopLogin (its folder under elements/)." };
        var title = new Option<string?>("--title") { Description = "Its title; the element's name when left out." };
        var set = new Option<string[]>("--set")
        {
            Description = "A value as KEY=VALUE, KEY dotted (authConfig.appId=wx0123456789abcdef), typed as the schema says; repeat for more. Secrets take none: they are written as ${NAME}.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("new", "Write a new element of a Type: e.json and its business configuration, validated before anything is written.")
        {
            app, type, fullName, title, set,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(CommonOptions.Resolve(parse.GetValue(app)), parse.GetValue(type)!, parse.GetValue(fullName)!,
            parse.GetValue(title), parse.GetValue(set) ?? [], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string appDirectory, string type, string fullName, string? title, string[] sets, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var set in sets)
        {
            var equals = set.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                await error.WriteLineAsync($"jit: --set {set}: write KEY=VALUE, such as --set allowRegister=1");
                return JitCommandLine.UsageError;
            }

            values.Add(KeyValuePair.Create(set[..equals], set[(equals + 1)..]));
        }

        await using var services = JitServices.BuildForCommand(appDirectory, LogLevel.None, inspectOnly: true);
        var loader = services.GetRequiredService<JitAppLoader>();
        await using var app = await loader.LoadAsync(appDirectory, cancellationToken);
        if (app.Manifest is null)
        {
            await error.WriteLineAsync($"jit: {app.Diagnostics[0]}");
            return Refused;
        }

        NewElement element;
        try
        {
            element = NewElement.Compose(app, services.GetRequiredService<ElementTypeRegistry>(), services.GetRequiredService<Schemas.SchemaStore>().Directory,
                type, fullName, title, values);
        }
        catch (NewElementException ex)
        {
            await error.WriteLineAsync("jit: " + ex.Message);
            return JitCommandLine.UsageError;
        }

        if (element.ExistsIn(app))
        {
            await error.WriteLineAsync($"jit: element '{element.FullName}' exists already ({element.Folder}/e.json); jit new never overwrites one");
            return Refused;
        }

        var diagnostics = await NewElementCheck.ValidateAsync(loader, appDirectory, element, cancellationToken);
        foreach (var diagnostic in diagnostics.Where(d => d.IsError))
        {
            await output.WriteLineAsync(diagnostic.ToString());
        }

        if (diagnostics.Any(d => d.IsError))
        {
            await error.WriteLineAsync($"jit: '{element.FullName}' would be invalid; nothing was written (give the missing values with --set KEY=VALUE)");
            return Refused;
        }

        await ElementFiles.WriteAsync(appDirectory, element.Files().ToList(), overwrite: false, cancellationToken);
        foreach (var (path, _) in element.Files())
        {
            await output.WriteLineAsync("created " + path);
        }

        foreach (var (variable, key) in element.Placeholders)
        {
            await output.WriteLineAsync($"set the environment variable {variable}: '{key}' reads it (${{{variable}}} in {element.Folder}/{element.ConfigurationFile})");
        }

        return 0;
    }
}
