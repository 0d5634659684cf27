using JitRuntime.Configuration;
using JitRuntime.Diagnostics;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace JitRuntime.Tests.Configuration;

/// <summary>app.json settings, JIT_ environment overrides and ${NAME} values.</summary>
public sealed class AppConfigurationTests : TempAppTest
{
    private void Settings(string json) => App.Write("app.json", $$"""{ "name": "configured", "settings": {{json}} }""");

    [Fact]
    public void Settings_from_app_json_become_configuration_keys()
    {
        Settings("""{ "WeChat": { "ApiBaseUrl": "http://127.0.0.1:9" }, "Database": { "Path": "data/x.db" }, "Flags": [true, 3] }""");

        var configuration = new ConfigurationBuilder().AddJitApp(App.Directory).Build();

        configuration["WeChat:ApiBaseUrl"].Should().Be("http://127.0.0.1:9");
        configuration["Database:Path"].Should().Be("data/x.db");
        configuration["Flags:0"].Should().Be("true");
        configuration["Flags:1"].Should().Be("3");
    }

    [Fact]
    public void A_JIT_prefixed_environment_variable_overrides_a_setting()
    {
        // A variable name unique to this test: the process environment is shared by tests running in parallel.
        Settings("""{ "OverrideTest1": { "Value": "from-file", "Kept": "file" } }""");
        Environment.SetEnvironmentVariable("JIT_OverrideTest1__Value", "from-env");
        try
        {
            var configuration = new ConfigurationBuilder().AddJitApp(App.Directory).Build();

            configuration["OverrideTest1:Value"].Should().Be("from-env");
            configuration["OverrideTest1:Kept"].Should().Be("file");
        }
        finally
        {
            Environment.SetEnvironmentVariable("JIT_OverrideTest1__Value", null);
        }
    }

    [Fact]
    public void A_placeholder_setting_is_read_from_the_named_environment_variable()
    {
        Settings("""{ "Secrets": { "Key": "${JIT_TEST_PLACEHOLDER_2}", "Url": "http://${JIT_TEST_PLACEHOLDER_2}:80" } }""");
        Environment.SetEnvironmentVariable("JIT_TEST_PLACEHOLDER_2", "resolved");
        try
        {
            var configuration = new ConfigurationBuilder().AddJitApp(App.Directory).Build();

            configuration["Secrets:Key"].Should().Be("resolved");
            configuration["Secrets:Url"].Should().Be("http://resolved:80");
        }
        finally
        {
            Environment.SetEnvironmentVariable("JIT_TEST_PLACEHOLDER_2", null);
        }
    }

    [Fact]
    public async Task An_unset_placeholder_in_settings_is_a_warning_on_app_json()
    {
        Settings("""{ "Secrets": { "Key": "${JIT_TEST_SURELY_UNSET_3}" } }""");

        await using var app = await TestRuntime.LoadAsync(App);

        var warning = app.Diagnostics.Should().ContainSingle().Subject;
        warning.Should().Match<Diagnostic>(d => d.Path == "app.json" && d.Code == DiagnosticCodes.UnsetEnvironmentVariable && !d.IsError);
        warning.Message.Should().Contain("JIT_TEST_SURELY_UNSET_3");
    }

    [Fact]
    public void Expand_replaces_set_variables_and_reports_unset_ones()
    {
        var unset = new List<string>();
        var result = EnvironmentPlaceholders.Expand("${A}-${B}-$notme-${A}", name => name == "A" ? "1" : null, unset.Add);

        result.Should().Be("1-${B}-$notme-1");
        unset.Should().Equal("B");
    }

    [Fact]
    public async Task A_malformed_or_invalid_app_json_is_reported_with_its_own_codes()
    {
        App.Write("app.json", """{ "name": "bad name", "extends": "not-an-array" }""");

        await using var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Select(d => (d.Path, d.Code)).Should().BeEquivalentTo(new[]
        {
            ("app.json", DiagnosticCodes.ValueNotAllowed),
            ("app.json", DiagnosticCodes.WrongValueType),
        });
        app.Manifest.Should().BeNull();
    }

    [Fact]
    public async Task A_folder_without_app_json_is_not_an_app()
    {
        File.Delete(Path.Combine(App.Directory, "app.json"));

        await using var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.AppNotFound);
        app.Elements.Should().BeEmpty();
    }
}
