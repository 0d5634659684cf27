using JitRuntime.Host.Cli;

// validate and elements are one-shot processes that CI starts again and again: let expression trees (Newtonsoft's
// property accessors for NJsonSchema's model) be interpreted instead of compiled, which saves their JIT time at start.
// A server compiles them once and runs them for millions of requests, so `run` (and `call`, which runs element code)
// keep the default. The switch must be set before anything reads RuntimeFeature, hence first thing in Main.
// Their JSON reading and schema start-up also begin here, on the second core, while the console and the command line
// are set up on this one. They only read files, so they take no advisory locks on them (.NET's own, which only other .NET
// processes see): two system calls fewer per file.
if (args is ["validate" or "elements", ..])
{
    AppContext.SetSwitch("System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported", false);
    AppContext.SetSwitch("System.IO.DisableFileLocking", true);
    JitRuntime.Schemas.SchemaStore.WarmUp();
}

return await JitCommandLine.RunAsync(args, Console.Out, Console.Error);
