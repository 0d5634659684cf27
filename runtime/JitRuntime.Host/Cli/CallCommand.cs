using System.CommandLine;
using System.Text.Json;
using JitRuntime.Apps;
using JitRuntime.Calls;
using JitRuntime.Host.HttpApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary>
/// <c>jit call [--app DIR] [--dev-wechat] FULLNAME METHOD [ARGS_JSON]</c>: the same dispatch as HTTP, for scripts and cron jobs.
/// The result JSON goes to standard output (exit 0); a failure goes to standard error as the same problem JSON the
/// HTTP API answers (exit 1); a command line that does not parse exits 2.
/// </summary>
internal static class CallCommand
{
    public const int Failed = 1;

    public static Command Create(StandInOptions standIns)
    {
        var app = CommonOptions.AppOption();
        var fullName = new Argument<string>("FULLNAME") { Description = "The element, e.g. auths.loginTypes.myWeChatMiniLogin." };
        var method = new Argument<string>("METHOD") { Description = "The method, e.g. getLoginCode." };
        var arguments = new Argument<string?>("ARGS_JSON") { Description = "Named arguments as a JSON object, e.g. {\"code\":\"...\"}.", Arity = ArgumentArity.ZeroOrOne };
        arguments.Validators.Add(result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (text is not null && !IsJsonObject(text))
            {
                result.AddError("ARGS_JSON must be a JSON object of named arguments, such as {\"code\":\"...\"}.");
            }
        });
        var command = new Command("call", "Call one element method; the result JSON goes to standard output.") { app, fullName, method, arguments };
        standIns.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            CommonOptions.Resolve(parse.GetValue(app)), parse.GetValue(fullName)!, parse.GetValue(method)!, parse.GetValue(arguments) ?? "{}",
            standIns, parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string appDirectory, string fullName, string method, string argumentsJson, StandInOptions standIns, ParseResult parse,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string?>();
        await using var running = await standIns.StartAsync(parse, settings, cancellationToken);
        await using var services = JitServices.BuildForCommand(appDirectory, LogLevel.Warning, settings: settings);
        running.Warn(services.GetRequiredService<ILoggerFactory>());

        await using var app = await services.GetRequiredService<JitAppLoader>().LoadAsync(appDirectory, cancellationToken);
        using var arguments = JsonDocument.Parse(argumentsJson);
        try
        {
            var result = await app.InvokeAsync(fullName, method, arguments.RootElement, ElementCaller.Trusted, cancellationToken);
            await output.WriteLineAsync(JsonSerializer.Serialize(result, ElementJson.TextOptions));
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The same problem the HTTP API would answer, as one line; never a stack trace.
            var problem = ElementProblems.From(ex) ?? new ElementProblem(500, "internal_error", $"{ex.GetType().Name}: {ex.Message}", null);
            if (ex is Diagnostics.BrokenElementException broken)
            {
                problem = problem with { Detail = broken.Message }; // The operator sees the diagnostics, not "see the server log".
            }

            await error.WriteLineAsync(JsonSerializer.Serialize(ElementProblems.ToBody(problem), ElementJson.TextOptions));
            return Failed;
        }
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
