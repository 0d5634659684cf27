using System.CommandLine;
using JitRuntime.CommandLine;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Host.Cli;

/// <summary>
/// The families' development stand-ins as options of a verb that calls elements (<c>--dev-wechat</c>): the ones asked
/// for are started, their settings win over the app's, and each logs its DEVELOPMENT ONLY warning.
/// </summary>
internal sealed class StandInOptions
{
    private readonly List<(IDevelopmentStandIn StandIn, Option<bool> Option)> _options;

    public StandInOptions(IEnumerable<IDevelopmentStandIn> standIns)
    {
        _options = standIns.Select(s => (s, new Option<bool>(s.OptionName) { Description = s.Description })).ToList();
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command) => _options.ForEach(o => command.Options.Add(o.Option));

    /// <summary>Starts the stand-ins <paramref name="parse"/> asks for and adds their settings to <paramref name="settings"/>.</summary>
    public async Task<Started> StartAsync(ParseResult parse, IDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var started = new Started();
        try
        {
            foreach (var (standIn, option) in _options.Where(o => parse.GetValue(o.Option)))
            {
                var running = await standIn.StartAsync(cancellationToken).ConfigureAwait(false);
                started.Running.Add(running);
                foreach (var (key, value) in running.Settings)
                {
                    settings[key] = value;
                }
            }
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return started;
    }

    /// <summary>The stand-ins that run for one verb; disposing stops them.</summary>
    public sealed class Started : IAsyncDisposable
    {
        internal List<IStartedStandIn> Running { get; } = [];

        /// <summary>True when at least one runs: the host is then a development host.</summary>
        public bool Any => Running.Count > 0;

        /// <summary>The pages the running stand-ins add to the host.</summary>
        public IReadOnlyList<JitRuntime.CommandLine.DevelopmentPage> Pages => [.. Running.SelectMany(r => r.Pages)];

        /// <summary>Each running stand-in's warning.</summary>
        public void Warn(ILoggerFactory loggers) => Running.ForEach(r => r.Warn(loggers));

        public async ValueTask DisposeAsync()
        {
            foreach (var running in Running)
            {
                await running.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
