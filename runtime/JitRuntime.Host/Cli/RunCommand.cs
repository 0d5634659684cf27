using System.CommandLine;
using JitRuntime.Diagnostics;
using JitRuntime.Host.Hosting;
using JitRuntime.Host.Studio;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary><c>jit run [--app DIR] [--urls URL] [--dev-wechat] [--studio]</c> (the stand-in options are the families'): serves the app over HTTP until stopped (SIGTERM, Ctrl+C).</summary>
internal static partial class RunCommand
{
    public const string DefaultUrls = "http://localhost:5000";

    public static Command Create(StandInOptions standIns)
    {
        var app = CommonOptions.AppOption();
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => DefaultUrls };
        var logFormat = CommonOptions.Choice<LogFormat>("--log-format",
            "text (the default): one line per event, for people; json: one JSON object per line with its event id, for log shippers.");
        var studio = new Option<bool>("--studio")
        {
            Description = "DEVELOPMENT ONLY: also serve the Element Studio at /studio/ (loopback addresses only; its URL with a one-time token is logged).",
        };
        var command = new Command("run", "Serve the app's elements over HTTP, reloading them when their files change.") { app, urls, logFormat, studio };
        standIns.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(CommonOptions.Resolve(parse.GetValue(app)), parse.GetValue(urls)!, standIns, parse,
            parse.GetValue(logFormat), parse.GetValue(studio), parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string appDirectory, string urls, StandInOptions standIns, ParseResult parse, LogFormat? logFormat, bool studio, TextWriter error,
        CancellationToken cancellationToken)
    {
        // The studio writes into the app's folder: only this machine may reach it.
        if (studio && !StudioAccess.IsLoopbackOnly(urls, out var exposed))
        {
            await error.WriteLineAsync($"jit: --studio serves only on loopback addresses (127.0.0.1, localhost, [::1]), and '{exposed}' is not one: it writes into the app's folder");
            return JitCommandLine.UsageError;
        }

        var settings = new Dictionary<string, string?>();
        await using var running = await standIns.StartAsync(parse, settings, cancellationToken);

        if (logFormat is { } format)
        {
            settings[JitWebHost.LogFormatterKey] = format == LogFormat.Json ? "json" : "simple";
        }

        WebApplication app;
        try
        {
            // The stand-in is for development only: the host says so (Hosting environment: Development).
            app = JitWebHost.Build(appDirectory, urls, settings, environmentName: running.Any ? Environments.Development : null,
                studioToken: studio ? StudioAccess.NewToken() : null, developmentPages: running.Pages);
        }
        catch (JitRuntimeException ex)
        {
            await Console.Error.WriteLineAsync($"jit: {ex.Message}");
            return 1;
        }

        await using var disposeApp = app;
        running.Warn(app.Services.GetRequiredService<ILoggerFactory>());

        try
        {
            await JitWebHost.StartAsync(app, cancellationToken);
        }
        catch (IOException ex)
        {
            // Most often the port is taken: say so in one line instead of a stack trace.
            await Console.Error.WriteLineAsync($"jit: cannot listen on {urls}: {ex.Message}");
            return 1;
        }
        catch (JitRuntimeException ex)
        {
            // A start-up rule refused the app as configured (an unprotected key ring on a shared database, say).
            await Console.Error.WriteLineAsync($"jit: {ex.Message}");
            return 1;
        }

        if (studio)
        {
            app.Services.GetRequiredService<StudioAccess>().Announce(app.Services.GetRequiredService<ILogger<StudioAccess>>(), app.Urls);
        }

        // The host's console lifetime turns SIGTERM and Ctrl+C into a graceful stop: requests in flight finish,
        // then the services (the database among them) are disposed.
        await app.WaitForShutdownAsync(CancellationToken.None);
        return 0;
    }
}
