using System.CommandLine;

namespace JitRuntime.Host.Cli;

/// <summary>The <c>jit</c> command line: its verbs, and exit code 2 for every usage error.</summary>
public static class JitCommandLine
{
    /// <summary>Exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("jit: load, validate and list JitRuntime apps (element folders with e.json).")
        {
            ValidateCommand.Create(),
            ElementsCommand.Create(),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync("jit: " + parseError.Message);
            }

            await error.WriteLineAsync("Run 'jit --help' for usage.");
            return UsageError;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
