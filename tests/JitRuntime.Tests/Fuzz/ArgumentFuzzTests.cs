using System.Text.Json;
using System.Text.Json.Nodes;
using JitRuntime.Calls;
using JitRuntime.Tests.Fakes;

namespace JitRuntime.Tests.Fuzz;

/// <summary>
/// Random argument objects for every callable method, through the dispatch HTTP and <c>jit call</c> use: each call
/// either succeeds or fails with an <see cref="ElementCallException"/> (a 4xx/5xx with a code), never anything else.
/// </summary>
public sealed class ArgumentFuzzTests
{
    private static readonly string[] Names = ["code", "bindCode", "userId", "loginCode", "corp", "platform", "token", "", "__proto__", "Code"];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Random_arguments_only_ever_give_results_or_coded_errors(int seed)
    {
        var random = new Random(seed);
        await using var h = await LoginHarness.StartAsync();
        var targets = new[]
        {
            (LoginHarness.LoginName, "getLoginCode"), (LoginHarness.LoginName, "register"), (LoginHarness.LoginName, "bind"),
            (LoginHarness.LoginName, "unbind"), (LoginHarness.AuthSvcName, "loginByCode"), (LoginHarness.AuthSvcName, "getSession"),
            (LoginHarness.AuthSvcName, "logout"), (LoginHarness.LoginName, "noSuchMethod"),
        };

        for (var round = 0; round < 150; round++)
        {
            var (element, method) = targets[random.Next(targets.Length)];
            var arguments = new JsonObject();
            for (var i = random.Next(0, 4); i > 0; i--)
            {
                arguments[Names[random.Next(Names.Length)]] = RandomValue(random, depth: 0, h);
            }

            var act = () => h.JitApp.InvokeAsync(element, method, JsonSerializer.SerializeToElement(arguments));

            var thrown = await Record.ExceptionAsync(act);
            if (thrown is not null)
            {
                thrown.Should().BeAssignableTo<ElementCallException>($"seed {seed} round {round}: {element}.{method}({arguments.ToJsonString()}) threw {thrown}");
            }
        }
    }

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    public async Task Text_that_is_not_valid_Unicode_is_invalid_arguments_for_every_function(int seed)
    {
        var random = new Random(seed);
        await using var h = await LoginHarness.StartAsync();
        var functions = h.JitApp.Elements.Where(e => e.Role == JitRuntime.Elements.ElementRole.Instance && e.Status == JitRuntime.Elements.ElementStatus.Ready)
            .SelectMany(e => e.FunctionList.Select(f => (e.FullName, Function: f))).ToList();
        functions.Should().Contain(f => f.Function.Name == "loginByCode").And.Contain(f => f.Function.Name == "getPhoneNumber");
        var refusedAsUnicode = 0;
        foreach (var (element, function) in functions)
        {
            var names = function.Args.Select(a => a.Name).ToList();
            for (var round = 0; round < 40; round++)
            {
                var body = HostileJson.Arguments(random, names);
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(body);
                }
                catch (JsonException)
                {
                    continue; // Raw control characters: not JSON at all (the HTTP API answers invalid_json before any dispatch).
                }

                using (document)
                {
                    var thrown = await Record.ExceptionAsync(() => h.JitApp.InvokeAsync(element, function.Name, document.RootElement));
                    if (thrown is null)
                    {
                        continue;
                    }

                    thrown.Should().BeAssignableTo<ElementCallException>($"seed {seed}: {element}.{function.Name}({Convert.ToHexString(body)}) threw {thrown}");
                    if (((ElementCallException)thrown).Message.Contains("is not valid Unicode", StringComparison.Ordinal))
                    {
                        ((ElementCallException)thrown).Code.Should().Be("invalid_arguments");
                        refusedAsUnicode++;
                    }
                }
            }
        }

        refusedAsUnicode.Should().BeGreaterThan(functions.Count * 10, "most hostile objects carry text that is not valid Unicode");
    }

    private static JsonNode? RandomValue(Random random, int depth, LoginHarness h) => random.Next(depth > 2 ? 6 : 9) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(-5, 5) * (long)Math.Pow(10, random.Next(0, 19))),
        2 => JsonValue.Create(random.NextDouble() * 1e10),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => JsonValue.Create(new string(Enumerable.Range(0, random.Next(0, 80)).Select(_ => (char)random.Next(0, 0x3000)).ToArray())),
        5 => JsonValue.Create(random.Next(3) == 0 ? h.WeChat.IssueCode("fuzz-" + random.Next(5)) : Convert.ToBase64String(BitConverter.GetBytes(random.NextInt64())).TrimEnd('=') + new string('A', random.Next(0, 40))),
        6 => new JsonArray(Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomValue(random, depth + 1, h)).ToArray()),
        _ => new JsonObject(Enumerable.Range(0, random.Next(0, 3)).Select(i => KeyValuePair.Create("k" + i, RandomValue(random, depth + 1, h)))),
    };
}
