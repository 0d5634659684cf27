using JitRuntime.CommandLine;
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

    public static Option<OutputFormat?> FormatOption() => Choice<OutputFormat>("--format", "text (the default): one line per item; json: one JSON document.");

    /// <summary>
    /// An option naming one value of <typeparamref name="T"/>, spelled in lower case as the docs spell it
    /// (<c>--format text|json</c>); anything else is a usage error that lists the values. Null when not given: the
    /// description says which value that means, so the default is said once.
    /// </summary>
    public static Option<T?> Choice<T>(string name, string description)
        where T : struct, Enum
    {
        var values = Enum.GetNames<T>().Select(n => n.ToLowerInvariant()).ToArray();
        return new Option<T?>(name)
        {
            Description = description,
            HelpName = string.Join('|', values),
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (Array.IndexOf(values, text.ToLowerInvariant()) is var index and >= 0)
                {
                    return Enum.GetValues<T>()[index];
                }

                result.AddError($"'{text}' is not a value of {name}; use one of: {string.Join(", ", values)}");
                return null;
            },
        };
    }

    public static Option<DirectoryInfo?> AppOption() => new("--app")
    {
        Description = "The app folder (holding app.json and elements/); defaults to the current directory.",
    };

    public static string Resolve(DirectoryInfo? directory) => directory?.FullName ?? Directory.GetCurrentDirectory();
}
