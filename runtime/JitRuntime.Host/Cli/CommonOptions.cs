using System.CommandLine;

namespace JitRuntime.Host.Cli;

/// <summary>Arguments and options several verbs share, built once per verb.</summary>
internal static class CommonOptions
{
    public static Argument<DirectoryInfo?> AppDirectoryArgument()
    {
        var argument = new Argument<DirectoryInfo?>("DIR")
        {
            Description = "The app folder (holding app.json and elements/); defaults to the current directory.",
            Arity = ArgumentArity.ZeroOrOne,
        };

        // Without this an unknown option such as --formt would be taken for a folder name.
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-')))
            {
                result.AddError($"Unrecognized option '{token.Value}'.");
            }
        });
        return argument;
    }

    public static Option<OutputFormat> FormatOption() => new("--format")
    {
        Description = "text: one line per item; json: one JSON document.",
        DefaultValueFactory = _ => OutputFormat.Text,
    };

    public static Option<DirectoryInfo?> AppOption() => new("--app")
    {
        Description = "The app folder (holding app.json and elements/); defaults to the current directory.",
    };

    public static string Resolve(DirectoryInfo? directory) => directory?.FullName ?? Directory.GetCurrentDirectory();
}
