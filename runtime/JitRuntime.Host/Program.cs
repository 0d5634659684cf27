using JitRuntime.Host.Cli;

return await JitCommandLine.RunAsync(args, Console.Out, Console.Error);
