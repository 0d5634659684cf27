using System.CommandLine;

namespace JitRuntime.CommandLine;

/// <summary>
/// A verb a family adds to the <c>jit</c> command line (<c>jit audit</c>): registered by the family's <c>Add...</c> method
/// (<c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;ICommandLineVerb, T&gt;())</c>); the command line lists
/// every registered verb beside its own, and a usage error exits 2 for every verb alike.
/// </summary>
public interface ICommandLineVerb
{
    /// <summary>The verb as System.CommandLine runs it, built with the options every verb shares from <paramref name="host"/>.</summary>
    Command Create(ICommandLineHost host);
}
