using System.Globalization;
using JitRuntime.Benchmarks;

// dotnet run -c Release --project tests/JitRuntime.Benchmarks -- [load [SIZES...]] | [login|login-pg|phone|password|http|http-telemetry|http-nodes [CALLS [CONCURRENCY [ROUNDS]]]] | [soak [SECONDS [CLIENTS]]]
// With no arguments all of these run with the sizes docs/performance.md reports. The cold-start benchmark needs jit published as the
// tool ships it: tests/JitRuntime.Benchmarks/cold-start.sh (mode `cold JIT SAMPLE_APP [SIZES...]`; `rawread DIR` is its baseline).
var mode = args.Length > 0 ? args[0] : "all";
if (mode == "rawread")
{
    return ColdStartBenchmark.RawRead(args[1]);
}

if (mode == "cold")
{
    int[] sizes = args.Length > 3 ? [.. args.Skip(3).Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [2_500, 5_000, 10_000];
    await ColdStartBenchmark.RunAsync(args[1], args[2], sizes);
    return 0;
}

var numbers = args.Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
if (mode is "load" or "all")
{
    await LoadBenchmark.RunAsync(mode == "load" && numbers.Length > 0 ? numbers : [2_500, 5_000, 10_000]);
    Console.WriteLine();
}

if (mode is "login" or "login-pg" or "all")
{
    var calls = mode != "all" && numbers.Length > 0 ? numbers[0] : 4_000;
    var concurrency = mode != "all" && numbers.Length > 1 ? numbers[1] : 8;
    var rounds = mode != "all" && numbers.Length > 2 ? numbers[2] : 9;
    if (mode is "login" or "all")
    {
        await LoginBenchmark.RunAsync(calls, concurrency, rounds);
        Console.WriteLine();
    }

    if (mode is "login-pg" or "all")
    {
        await LoginBenchmark.RunAsync(calls, concurrency, rounds, postgres: true);
        Console.WriteLine();
    }
}

if (mode is "phone" or "all")
{
    await PhoneNumberBenchmark.RunAsync(mode == "phone" && numbers.Length > 0 ? numbers[0] : 4_000,
        mode == "phone" && numbers.Length > 1 ? numbers[1] : 8, mode == "phone" && numbers.Length > 2 ? numbers[2] : 9);
    Console.WriteLine();
}

if (mode is "password" or "all")
{
    await PasswordBenchmark.RunAsync(mode == "password" && numbers.Length > 0 ? numbers[0] : 200,
        mode == "password" && numbers.Length > 1 ? numbers[1] : 4, mode == "password" && numbers.Length > 2 ? numbers[2] : 5);
    Console.WriteLine();
}

if (mode is "http" or "all")
{
    var requests = mode == "http" && numbers.Length > 0 ? numbers[0] : 4_000;
    var clients = mode == "http" && numbers.Length > 1 ? numbers[1] : 16;
    var rounds = mode == "http" && numbers.Length > 2 ? numbers[2] : 5;
    await HttpBenchmark.RunAsync(requests, clients, rounds);
}

if (mode is "http-telemetry" or "all")
{
    Console.WriteLine();
    await TelemetryBenchmark.RunAsync(mode == "http-telemetry" && numbers.Length > 0 ? numbers[0] : 4_000,
        mode == "http-telemetry" && numbers.Length > 1 ? numbers[1] : 16, mode == "http-telemetry" && numbers.Length > 2 ? numbers[2] : 6);
}

if (mode is "http-nodes" or "all")
{
    Console.WriteLine();
    await NodesBenchmark.RunAsync(mode == "http-nodes" && numbers.Length > 0 ? numbers[0] : 4_000,
        mode == "http-nodes" && numbers.Length > 1 ? numbers[1] : 16, mode == "http-nodes" && numbers.Length > 2 ? numbers[2] : 5);
}

if (mode is "soak" or "all")
{
    Console.WriteLine();
    await SoakBenchmark.RunAsync(mode == "soak" && numbers.Length > 0 ? numbers[0] : 30, mode == "soak" && numbers.Length > 1 ? numbers[1] : 16);
}

return 0;
