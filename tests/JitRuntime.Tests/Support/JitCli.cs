using JitRuntime.Host.Cli;

namespace JitRuntime.Tests.Support;

/// <summary>Runs the jit command line in-process, capturing what it writes.</summary>
public static class JitCli
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await JitCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
