using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Loading;

/// <summary>Problems of folders, names and the files an e.json points to.</summary>
public sealed class FolderAndBundleDiagnosticsTests : TempAppTest
{
    private void LoginWithEntry(string entry) => App.Element("auths/loginTypes/login", $$"""
        {
          "title": "Login",
          "type": "auths.loginTypes.WeChatMiniType",
          "frontBundleEntry": "{{entry}}"
        }
        """);

    [Theory]
    [InlineData("../secret.json", "leaves the element folder")]
    [InlineData("./sub/../../secret.json", "leaves the element folder")]
    [InlineData("/etc/passwd", "absolute path")]
    public async Task A_bundle_entry_that_leaves_the_folder_is_refused(string entry, string message)
    {
        App.Write("elements/auths/loginTypes/secret.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "x" } }""");
        LoginWithEntry(entry);

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Code.Should().Be(DiagnosticCodes.BundleEntryOutsideFolder);
        error.Message.Should().Contain(message);
        error.Line.Should().Be(4);
    }

    [Fact]
    public async Task A_bundle_entry_that_is_a_symlink_out_of_the_folder_is_refused()
    {
        var outside = App.Write("outside/config.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "x" } }""");
        LoginWithEntry("./config.json");
        File.CreateSymbolicLink(Path.Combine(App.Directory, "elements/auths/loginTypes/login/config.json"), outside);

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Code.Should().Be(DiagnosticCodes.BundleEntryOutsideFolder);
        error.Message.Should().Contain("symbolic link");
    }

    [Fact]
    public async Task A_bundle_entry_in_a_sub_folder_inside_the_element_is_fine()
    {
        App.Write("elements/auths/loginTypes/login/config/login.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "x" } }""");
        LoginWithEntry("./config/login.json");

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().BeEmpty();
    }

    [Fact]
    public async Task A_configuration_in_a_sub_folder_is_reported_at_its_own_path()
    {
        App.Write("elements/auths/loginTypes/login/config/login.json", """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "x" }, "extra": 1 }""");
        LoginWithEntry("./config/../config/./login.json");

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.UnknownKey)
            .Which.Path.Should().Be("elements/auths/loginTypes/login/config/login.json");
    }

    [Fact]
    public async Task A_bundle_entry_with_a_control_character_is_a_diagnostic_not_a_crash()
    {
        LoginWithEntry("./lo\\u0000gin.json");

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Code.Should().Be(DiagnosticCodes.BundleEntryNotFound);
        error.Message.Should().Contain("control character");
    }

    [Fact]
    public async Task A_bundle_entry_that_does_not_exist_has_its_own_code()
    {
        LoginWithEntry("./missing.json");

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle(d => d.IsError).Subject;
        error.Code.Should().Be(DiagnosticCodes.BundleEntryNotFound);
        error.Message.Should().Be("frontBundleEntry './missing.json' does not exist in the element folder");
    }

    [Fact]
    public async Task A_business_configuration_that_fails_its_schema_has_its_own_code_and_its_own_file()
    {
        LoginWithEntry("./login.json");
        App.Write("elements/auths/loginTypes/login/login.json", """
            {
              "authConfig": {
                "appId": "not-an-app-id",
                "appSecret": 12345
              }
            }
            """);

        var app = await TestRuntime.LoadAsync(App);

        var errors = app.Diagnostics.Where(d => d.IsError).ToList();
        errors.Should().HaveCount(2).And.OnlyContain(d => d.Code == DiagnosticCodes.InvalidConfiguration
            && d.Path == "elements/auths/loginTypes/login/login.json");
        errors.Should().Contain(d => d.Line == 3 && d.Message.Contains("'authConfig.appId' has the wrong form"));
        errors.Should().Contain(d => d.Line == 4 && d.Message == "'authConfig.appSecret' must be a string");
    }

    [Fact]
    public async Task Configuration_diagnostics_never_echo_the_values()
    {
        LoginWithEntry("./login.json");
        App.Write("elements/auths/loginTypes/login/login.json",
            "{ \"authConfig\": { \"appId\": \"wx0123456789abcdef\", \"appSecret\": \"" + new string('S', 500) + "\" } }");

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle().Subject;
        error.Message.Should().Be("'authConfig.appSecret' must be at most 128 characters long");
        error.Message.Should().NotContain("SSSS");
    }

    [Fact]
    public async Task A_missing_required_configuration_key_is_a_configuration_error()
    {
        LoginWithEntry("./login.json");
        App.Write("elements/auths/loginTypes/login/login.json", """{ "authConfig": { "appId": "wx0123456789abcdef" } }""");

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == DiagnosticCodes.InvalidConfiguration && d.Message == "missing required key 'appSecret' in 'authConfig'");
    }

    [Fact]
    public async Task An_instance_without_any_business_configuration_is_told_how_to_add_one()
    {
        App.Element("auths/loginTypes/bare", """{ "title": "Bare", "type": "auths.loginTypes.WeChatMiniType" }""");

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().ContainSingle().Which.Should().Match<Diagnostic>(d =>
            d.Code == DiagnosticCodes.MissingConfiguration && d.Message.Contains("add bare.json beside e.json, or \"frontBundleEntry\""));
    }

    [Theory]
    [InlineData("my-login")]
    [InlineData("2fa")]
    [InlineData("login type")]
    [InlineData("登录")]
    public async Task A_folder_name_that_is_not_an_identifier_is_reported_and_skipped(string folder)
    {
        App.WeChatLogin($"auths/{folder}");
        App.WeChatLogin("auths/good");

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.InvalidFolderName);
        error.Path.Should().Be($"elements/auths/{folder}");
        error.Message.Should().Contain($"'{folder}' is not an identifier");
        app.Elements.Select(e => e.FullName).Should().Equal("auths.good");
    }

    [Fact]
    public async Task Folders_whose_names_differ_only_in_case_are_duplicates()
    {
        App.WeChatLogin("auths/Login");
        App.WeChatLogin("auths/login");

        var app = await TestRuntime.LoadAsync(App);

        var error = app.Diagnostics.Should().ContainSingle().Subject;
        error.Code.Should().Be(DiagnosticCodes.DuplicateFullName);
        error.Path.Should().Be("elements/auths/login/e.json");
        error.Message.Should().Contain("'auths.Login'");
        app.FindElement("auths.Login")!.Status.Should().Be(ElementStatus.Ready);
        app.FindElement("auths.login")!.Status.Should().Be(ElementStatus.Broken);
    }

    [Fact]
    public async Task A_symlink_loop_does_not_hang_the_scan()
    {
        App.WeChatLogin("auths/login");
        Directory.CreateSymbolicLink(Path.Combine(App.Directory, "elements/auths/login/loop"), Path.Combine(App.Directory, "elements/auths"));
        Directory.CreateSymbolicLink(Path.Combine(App.Directory, "elements/root"), Path.Combine(App.Directory, "elements"));

        var load = TestRuntime.LoadAsync(App);
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)));

        finished.Should().BeSameAs(load, "a symlink loop must not hang the scan");
        var app = await load;
        app.Diagnostics.Where(d => d.Code == DiagnosticCodes.SymlinkLoop).Select(d => d.Path)
            .Should().BeEquivalentTo("elements/auths/login/loop", "elements/root");
        app.Diagnostics.Should().OnlyContain(d => !d.IsError);
        app.FindElement("auths.login")!.Status.Should().Be(ElementStatus.Ready);
    }

    [Fact]
    public async Task A_symlinked_element_folder_inside_the_app_is_followed()
    {
        App.WeChatLogin("login");
        Directory.Move(Path.Combine(App.Directory, "elements/login"), Path.Combine(App.Directory, "shared-login"));
        Directory.CreateSymbolicLink(Path.Combine(App.Directory, "elements/linked"), Path.Combine(App.Directory, "shared-login"));

        var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().BeEmpty();
        app.FindElement("linked")!.Status.Should().Be(ElementStatus.Ready);
    }

    [Fact]
    public async Task A_symlink_that_leaves_the_app_folder_is_not_followed_even_to_the_root_of_the_file_system()
    {
        using var elsewhere = new TempApp();
        elsewhere.WeChatLogin("login");
        App.WeChatLogin("auths/login");
        Directory.CreateSymbolicLink(Path.Combine(App.Directory, "elements/linked"), Path.Combine(elsewhere.Directory, "elements/login"));
        Directory.CreateSymbolicLink(Path.Combine(App.Directory, "elements/everything"), "/");

        var load = TestRuntime.LoadAsync(App);
        (await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)))).Should().BeSameAs(load, "the scan must not walk the file system");
        var app = await load;

        app.Diagnostics.Where(d => d.Code == DiagnosticCodes.SymlinkOutsideApp).Select(d => d.Path)
            .Should().BeEquivalentTo("elements/everything", "elements/linked");
        app.Diagnostics.Should().OnlyContain(d => !d.IsError && d.Message.Contains("outside the app"));
        app.Elements.Select(e => e.FullName).Should().Equal("auths.login");
    }

    [Fact]
    public async Task One_load_reports_a_bounded_number_of_diagnostics_and_counts_the_rest()
    {
        // One element with 60 unknown keys in its configuration (20 kept + 1 summary), and 1,200 broken elements: 1,221 in all.
        App.Element("databases/Default", """{ "title": "db", "type": "databases.PgSqlType" }""");
        App.Write("elements/databases/Default/Default.json",
            "{ \"host\": \"h\", \"dbname\": \"d\", \"user\": \"u\", " + string.Join(", ", Enumerable.Range(0, 60).Select(i => $"\"k{i}\": 1")) + " }");
        for (var i = 0; i < 1200; i++)
        {
            App.Element($"broken/e{i:D4}", "{ \"title\": ");
        }

        var app = await TestRuntime.LoadAsync(App);

        var database = app.FindElement("databases.Default")!.Diagnostics;
        database.Should().HaveCount(21);
        database.Should().ContainSingle(d => d.Code == DiagnosticCodes.MoreDiagnostics).Which.Message.Should().StartWith("40 more diagnostics in this element");
        app.Diagnostics.Should().HaveCount(1001);
        var summary = app.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.MoreDiagnostics && d.Path == ".").Subject;
        summary.IsError.Should().BeTrue("errors were among those cut, so the load still fails");
        summary.Message.Should().StartWith("221 more diagnostics in this load");
    }
}
