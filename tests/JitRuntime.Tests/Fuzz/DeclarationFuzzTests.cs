using System.Text;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Fuzz;

/// <summary>
/// Seeded random mutations of valid e.json and configuration files (byte flips, insertions, deletions, truncations,
/// spliced fragments): loading never throws, and every element ends up either ready or broken with an error that
/// points into a file. The seed is in the test name so a failure can be replayed.
/// </summary>
public sealed class DeclarationFuzzTests : TempAppTest
{
    private static readonly string[] Fragments = ["{", "}", "[", "]", "\"", ",", ":", "null", "1e309", "-0", "\\u0000", "\\ud800", "true", "\"type\"", "\uFEFF", "\r\n", "/*", "//", "'", "\t", "𝄞", "\u0085"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Mutated_declarations_and_configurations_never_crash_the_loader(int seed)
    {
        var random = new Random(seed);
        App.WeChatLogin("fuzz/login");
        var declarationPath = Path.Combine(App.Directory, "elements/fuzz/login/e.json");
        var configurationPath = Path.Combine(App.Directory, "elements/fuzz/login/login.json");
        var declaration = await File.ReadAllBytesAsync(declarationPath);
        var configuration = await File.ReadAllBytesAsync(configurationPath);
        App.WeChatLogin("fuzz/witness"); // an untouched neighbour that must stay ready

        for (var round = 0; round < 120; round++)
        {
            await File.WriteAllBytesAsync(declarationPath, Mutate(declaration, random));
            await File.WriteAllBytesAsync(configurationPath, Mutate(configuration, random));

            await using var app = await TestRuntime.LoadAsync(App);

            app.FindElement("fuzz.witness")!.Status.Should().Be(ElementStatus.Ready, $"seed {seed} round {round}");
            var login = app.FindElement("fuzz.login");
            if (login is { Status: ElementStatus.Broken })
            {
                login.Diagnostics.Should().Contain(d => d.IsError, $"seed {seed} round {round}: a broken element says why");
            }

            foreach (var diagnostic in app.Diagnostics)
            {
                diagnostic.Path.Should().StartWith("elements/fuzz/login", $"seed {seed} round {round}");
                diagnostic.Line.Should().BeGreaterThanOrEqualTo(0);
                diagnostic.Column.Should().BeGreaterThanOrEqualTo(0);
                diagnostic.Code.Should().NotBe(JitRuntime.Diagnostics.DiagnosticCodes.InternalError, diagnostic.ToString());
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(5))
            {
                case 0 when bytes.Count > 0:
                    bytes[Math.Min(at, bytes.Count - 1)] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[random.Next(Fragments.Length)]));
                    break;
                case 2 when bytes.Count > 0:
                    var length = Math.Min(random.Next(1, 8), bytes.Count - Math.Min(at, bytes.Count - 1));
                    bytes.RemoveRange(Math.Min(at, bytes.Count - 1), length);
                    break;
                case 3:
                    bytes = bytes.Take(at).ToList();
                    break;
                default:
                    bytes.InsertRange(at, original.Skip(random.Next(original.Length)).Take(random.Next(1, 20)));
                    break;
            }
        }

        return bytes.ToArray();
    }
}
