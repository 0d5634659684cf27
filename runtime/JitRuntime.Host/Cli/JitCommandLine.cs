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
        var root = new RootCommand("jit: serve, call, validate and list JitRuntime apps (element folders with e.json).")
        {
            RunCommand.Create(),
            CallCommand.Create(),
            ValidateCommand.Create(),
            ElementsCommand.Create(),
            AuditCommand.Create(),
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

        // SIGTERM and Ctrl+C are left to the host's console lifetime (graceful shutdown of `run`).
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancellationToken);
    }
}
