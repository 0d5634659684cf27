using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace JitRuntime.Host.Cli;

/// <summary>The <c>jit</c> command line: its verbs, and exit code 2 for every usage error.</summary>
public static class JitCommandLine
{
    /// <summary>Exit code for a command line that does not parse.</summary>
    public const int UsageError = 2;

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var families = FamilyContributions.Read();
        var root = new RootCommand("jit: serve, call, validate, list and create JitRuntime apps' elements (folders with e.json).")
        {
            RunCommand.Create(new StandInOptions(families.StandIns)),
            CallCommand.Create(new StandInOptions(families.StandIns)),
            ValidateCommand.Create(),
            ElementsCommand.Create(),
        };
        foreach (var verb in families.Verbs)
        {
            root.Subcommands.Add(verb.Create(CommandLineHost.Instance));
        }

        root.Subcommands.Add(TypesCommand.Create());
        root.Subcommands.Add(NewCommand.Create());
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new RootHelpAction(root, (HelpAction)help.Action!);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var message in UsageErrors(root, parse, args))
            {
                await error.WriteLineAsync("jit: " + message);
            }

            await error.WriteLineAsync(parse.CommandResult.Command == root
                ? "Run 'jit --help' for usage."
                : $"Run 'jit {parse.CommandResult.Command.Name} --help' for usage (or 'jit --help' for every command).");
            return UsageError;
        }

        // SIGTERM and Ctrl+C are left to the host's console lifetime (graceful shutdown of `run`).
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancellationToken);
    }

    /// <summary>
    /// What is wrong with the command line, each said once: an unknown verb with the verbs meant, the missing arguments
    /// by name with the verb's usage, then the parser's other messages.
    /// </summary>
    private static IEnumerable<string> UsageErrors(RootCommand root, ParseResult parse, string[] args)
    {
        var verbs = root.Subcommands.Select(c => c.Name).ToList();
        if (parse.CommandResult.Command == root && args.FirstOrDefault(a => !a.StartsWith('-')) is { } unknown && !verbs.Contains(unknown))
        {
            var meant = JitRuntime.Loading.NameSuggester.Suggest(unknown, verbs);
            yield return $"unknown command '{unknown}'" + (meant.Count > 0 ? $"; did you mean '{string.Join("' or '", meant)}'?" : $"; the commands are {string.Join(", ", verbs)}");
            yield break;
        }

        var command = parse.CommandResult.Command;
        var missing = command.Arguments
            .Where(a => a.Arity.MinimumNumberOfValues > 0 && parse.GetResult(a) is not ArgumentResult { Tokens.Count: > 0 })
            .Select(a => a.Name)
            .ToList();
        if (missing.Count > 0)
        {
            yield return $"{command.Name}: missing {string.Join(" and ", missing)}; usage: jit {RootHelpAction.UsageOf(command)}";
        }

        if (parse.CommandResult.Command == root && args.Length == 0)
        {
            yield return $"name a command: {string.Join(", ", verbs)}";
        }

        foreach (var message in parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
        {
            if ((missing.Count > 0 && message.StartsWith("Required argument missing", StringComparison.Ordinal))
                || (args.Length == 0 && message.StartsWith("Required command was not provided", StringComparison.Ordinal)))
            {
                continue; // Said above, by name.
            }

            yield return message;
        }
    }

    /// <summary>
    /// <c>jit --help</c> with each verb's arguments as its own help shows them (an optional one in brackets:
    /// <c>call &lt;FULLNAME&gt; &lt;METHOD&gt; [&lt;ARGS_JSON&gt;]</c>); a verb's help is the parser's own.
    /// </summary>
    private sealed class RootHelpAction(RootCommand root, HelpAction verbHelp) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            if (parseResult.CommandResult.Command != root)
            {
                return verbHelp.Invoke(parseResult);
            }

            var output = parseResult.InvocationConfiguration.Output;
            var rows = root.Subcommands.Select(c => (Usage: UsageOf(c), Description: c.Description ?? "")).ToList();
            var width = rows.Max(r => r.Usage.Length);
            output.WriteLine("Description:");
            output.WriteLine("  " + root.Description);
            output.WriteLine();
            output.WriteLine("Usage:");
            output.WriteLine("  jit [command] [options]");
            output.WriteLine();
            output.WriteLine("Options:");
            output.WriteLine("  -?, -h, --help  Show help and usage information");
            output.WriteLine("  --version       Show version information");
            output.WriteLine();
            output.WriteLine("Commands:");
            foreach (var (usage, description) in rows)
            {
                output.WriteLine($"  {usage.PadRight(width)}  {description}");
            }

            output.WriteLine();
            return 0;
        }

        /// <summary><c>call &lt;FULLNAME&gt; &lt;METHOD&gt; [&lt;ARGS_JSON&gt;]</c>: the verb and its arguments, optional ones in brackets.</summary>
        public static string UsageOf(Command command) => string.Join(' ', command.Arguments.Where(a => !a.Hidden)
            .Select(a => a.Arity.MinimumNumberOfValues == 0 ? $"[<{a.Name}>]" : $"<{a.Name}>").Prepend(command.Name));
    }
}
