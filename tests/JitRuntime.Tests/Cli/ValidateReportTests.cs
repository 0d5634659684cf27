using System.Text.Json;
using System.Text.RegularExpressions;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Cli;

/// <summary>
/// <c>jit validate</c> for CI systems: SARIF and GitHub annotations carry exactly what the text lines carry (same
/// diagnostics, same order, same positions), and <c>--max-diagnostics</c> bounds what is printed but not the exit code.
/// CI also checks the SARIF with Microsoft's independent validator (tests/SchemaInterop/sarif.js).
/// </summary>
public sealed partial class ValidateReportTests : TempAppTest
{
    private static Task<(int Exit, string Out, string Err)> Jit(params string[] args) => JitCli.RunAsync(args);

    private void BrokenApp()
    {
        App.WeChatLogin("auths/loginTypes/login", allowRegister: 3);
        App.Element("auths/loginTypes/other", "{");
        App.Element("auths/loginTypes/third", """{ "title": "t", "type": "auths.loginTypes.WeChatMiniTyp" }""");
        App.WeChatLogin("auths/loginTypes/ok", appSecret: "${JIT_TEST_SURELY_UNSET_VARIABLE}");
    }

    [Fact]
    public async Task Sarif_has_one_result_per_diagnostic_with_the_text_formats_rule_level_file_line_and_column()
    {
        BrokenApp();
        var (_, text, _) = await Jit("validate", App.Directory);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var (exit, output, error) = await Jit("validate", App.Directory, "--format", "sarif");

        exit.Should().Be(1, "the exit code is the same whatever the format");
        error.Should().Contain("4 elements, 3 errors, 1 warnings");
        using var sarif = JsonDocument.Parse(output);
        sarif.RootElement.GetProperty("version").GetString().Should().Be("2.1.0");
        var run = sarif.RootElement.GetProperty("runs").EnumerateArray().Single();
        run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString().Should().Be("jit");
        new Uri(run.GetProperty("originalUriBaseIds").GetProperty("APPROOT").GetProperty("uri").GetString()!).LocalPath
            .Should().Be(App.Directory.TrimEnd('/') + "/");
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .Select(r => r.GetProperty("id").GetString()!).ToList();
        rules.Should().OnlyHaveUniqueItems();

        var results = run.GetProperty("results").EnumerateArray().ToList();
        results.Should().HaveCount(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var result = results[i];
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            var region = location.TryGetProperty("region", out var r) ? r : default;
            var line = region.ValueKind == JsonValueKind.Object ? region.GetProperty("startLine").GetInt32() : 0;
            var column = region.ValueKind == JsonValueKind.Object && region.TryGetProperty("startColumn", out var c) ? c.GetInt32() : 0;
            var ruleId = result.GetProperty("ruleId").GetString()!;

            $"{location.GetProperty("artifactLocation").GetProperty("uri").GetString()}:{line}:{column}: {result.GetProperty("level").GetString()} {ruleId}: {result.GetProperty("message").GetProperty("text").GetString()}"
                .Should().Be(lines[i]);
            location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString().Should().Be("APPROOT");
            rules[result.GetProperty("ruleIndex").GetInt32()].Should().Be(ruleId);
        }
    }

    [Fact]
    public async Task Github_prints_one_workflow_command_per_diagnostic_with_paths_from_the_working_directory()
    {
        BrokenApp();
        var (_, text, _) = await Jit("validate", App.Directory);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var (exit, output, _) = await Jit("validate", App.Directory, "--format", "github");

        exit.Should().Be(1);
        var commands = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        commands.Should().HaveCount(lines.Length);
        var fromHere = Path.GetRelativePath(Directory.GetCurrentDirectory(), App.Directory).Replace('\\', '/');
        for (var i = 0; i < lines.Length; i++)
        {
            var expected = TextLine().Match(lines[i]);
            var command = WorkflowCommand().Match(commands[i]);
            command.Success.Should().BeTrue(commands[i]);
            command.Groups["level"].Value.Should().Be(expected.Groups["level"].Value);
            command.Groups["file"].Value.Should().Be($"{fromHere}/{expected.Groups["path"].Value}".Replace(":", "%3A").Replace(",", "%2C"));
            command.Groups["line"].Value.Should().Be(expected.Groups["line"].Value);
            command.Groups["col"].Value.Should().Be(expected.Groups["col"].Value);
            command.Groups["code"].Value.Should().Be(expected.Groups["code"].Value);
            command.Groups["message"].Value.Should().Be(expected.Groups["message"].Value);
        }
    }

    [Fact]
    public async Task Github_escapes_what_would_end_a_property_or_a_command()
    {
        // A configuration file named with a comma, holding a newline in a key: both reach the annotation escaped.
        App.Element("login", $$"""{ "title": "t", "type": "{{TempApp.WeChatType}}", "frontBundleEntry": "./a,b.json" }""");
        App.Write("elements/login/a,b.json", """{ "authConfig": { "appId": 5 } }""");

        var (_, output, _) = await Jit("validate", App.Directory, "--format", "github");

        output.Should().Contain("/elements/login/a%2Cb.json,line=");
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().OnlyContain(line => line.StartsWith("::", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Max_diagnostics_bounds_what_is_printed_not_the_counts_or_the_exit_code()
    {
        for (var i = 0; i < 30; i++)
        {
            App.WeChatLogin($"auths/loginTypes/login{i:00}", allowRegister: 3);
        }

        App.Element("auths/loginTypes/broken", "{");

        var (exit, output, error) = await Jit("validate", App.Directory, "--max-diagnostics", "5");

        exit.Should().Be(1);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5);
        error.Trim().Should().Be("31 elements, 31 errors, 0 warnings; 5 shown, 26 more not shown (--max-diagnostics); most frequent: JIT006 x30, JIT001 x1");

        var (_, json, _) = await Jit("validate", App.Directory, "--max-diagnostics", "0", "--format", "json");
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("errors").GetInt32().Should().Be(31);
        document.RootElement.GetProperty("notShown").GetInt32().Should().Be(31);
        document.RootElement.GetProperty("diagnostics").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task The_real_program_reports_what_the_in_process_command_line_reports()
    {
        // jit validate and jit elements interpret expression trees instead of compiling them (a switch set in Main, for
        // cold start): the separate process must still find exactly the same problems.
        BrokenApp();
        var (_, expected, _) = await Jit("validate", App.Directory, "--format", "json");

        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "jit.dll"), "validate", App.Directory, "--format", "json" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("JIT_TEST_SURELY_UNSET_VARIABLE");
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(1);
        output.Should().Be(expected);
    }

    [Theory]
    [InlineData("--max-diagnostics", "-1")]
    [InlineData("--max-diagnostics", "many")]
    [InlineData("--format", "junit")]
    public async Task Bad_options_are_usage_errors(string option, string value)
    {
        var (exit, _, error) = await Jit("validate", App.Directory, option, value);

        exit.Should().Be(2);
        error.Should().Contain("jit: ");
    }

    [GeneratedRegex(@"^(?<path>.+):(?<line>\d+):(?<col>\d+): (?<level>error|warning) (?<code>JIT\d+): (?<message>.*)$")]
    private static partial Regex TextLine();

    [GeneratedRegex(@"^::(?<level>error|warning) file=(?<file>[^,]+),line=(?<line>\d+),col=(?<col>\d+),title=(?<code>JIT\d+)::(?<message>.*)$")]
    private static partial Regex WorkflowCommand();
}
