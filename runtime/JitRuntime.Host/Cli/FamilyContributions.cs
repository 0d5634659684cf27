using JitRuntime.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Host.Cli;

/// <summary>
/// What the composed families add to the command line (their verbs, their development stand-ins), read before any app
/// is opened: from the families' registrations alone, which build nothing else.
/// </summary>
internal sealed class FamilyContributions
{
    private FamilyContributions(IReadOnlyList<ICommandLineVerb> verbs, IReadOnlyList<IDevelopmentStandIn> standIns)
    {
        Verbs = verbs;
        StandIns = standIns;
    }

    /// <summary>The families' verbs, in the order the families registered them.</summary>
    public IReadOnlyList<ICommandLineVerb> Verbs { get; }

    /// <summary>The families' development stand-ins (<c>--dev-wechat</c>).</summary>
    public IReadOnlyList<IDevelopmentStandIn> StandIns { get; }

    public static FamilyContributions Read()
    {
        var services = new ServiceCollection().AddJitElementTypes(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        return new FamilyContributions(provider.GetServices<ICommandLineVerb>().ToList(), provider.GetServices<IDevelopmentStandIn>().ToList());
    }
}
