using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Apps;

/// <summary>Meta → Type → Instance through Type elements on disk, overrides by fullName, and extends.</summary>
public sealed class TypeChainTests : TempAppTest
{
    [Fact]
    public async Task A_type_element_on_disk_supplies_defaults_that_its_instances_may_override()
    {
        // A company-wide wrapper of the official Type: registration open, shared credentials.
        App.WeChatLogin("company/OpenWeChatType", allowRegister: 1);
        App.Element("company/defaultLogin", """{ "title": "Default", "type": "company.OpenWeChatType" }""");
        App.Element("company/closedLogin", """{ "title": "Closed", "type": "company.OpenWeChatType", "allowRegister": 0 }""");

        await using var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().BeEmpty();
        var inherited = app.GetElement<WeChatMiniType>("company.defaultLogin");
        inherited.AllowRegister.Should().Be(1);
        inherited.Title.Should().Be("Default", "titles are never inherited");
        inherited.AuthConfig.AppId.Should().Be(TempApp.ValidAppId, "the configuration comes from the Type element's frontBundleEntry");
        app.GetElement<WeChatMiniType>("company.closedLogin").AllowRegister.Should().Be(0);
        app.FindElement("company.defaultLogin")!.TypeChain.Should().Equal("company.OpenWeChatType", TempApp.WeChatType);
    }

    [Fact]
    public async Task Chains_of_several_type_elements_are_followed_to_the_registered_type()
    {
        App.WeChatLogin("t/Level1");
        App.Element("t/Level2", """{ "title": "L2", "type": "t.Level1", "allowRegister": 1 }""");
        App.Element("t/Level3", """{ "title": "L3", "type": "t.Level2" }""");
        App.Element("t/instance", """{ "title": "I", "type": "t.Level3" }""");

        await using var app = await TestRuntime.LoadAsync(App);

        var element = app.FindElement("t.instance")!;
        element.Status.Should().Be(ElementStatus.Ready);
        element.Implementation!.ClrType.Should().Be<WeChatMiniType>();
        element.TypeChain.Should().Equal("t.Level3", "t.Level2", "t.Level1", TempApp.WeChatType);
        app.GetElement<WeChatMiniType>("t.instance").AllowRegister.Should().Be(1);
    }

    [Fact]
    public async Task An_app_overrides_an_official_type_by_fullName_and_may_wrap_it()
    {
        // Same fullName as the registered Type: its "type" names the official one below it.
        App.WeChatLogin("auths/loginTypes/WeChatMiniType", allowRegister: 1);
        App.Element("auths/loginTypes/myLogin", """{ "title": "Mine", "type": "auths.loginTypes.WeChatMiniType" }""");

        await using var app = await TestRuntime.LoadAsync(App);

        app.Diagnostics.Should().BeEmpty();
        app.GetElement<WeChatMiniType>("auths.loginTypes.myLogin").AllowRegister.Should().Be(1);
        app.FindElement("auths.loginTypes.myLogin")!.TypeChain.Should().Equal(TempApp.WeChatType, TempApp.WeChatType);
    }

    [Fact]
    public async Task An_app_sees_its_parents_elements_after_its_own()
    {
        using var grandparent = new TempApp("grandparent");
        grandparent.WeChatLogin("shared/fromGrandparent");
        grandparent.WeChatLogin("shared/overridden", allowRegister: 0);
        using var parent = new TempApp("parent", extendsJson: $"[\"{grandparent.Directory}\"]");
        parent.WeChatLogin("shared/overridden", allowRegister: 1);
        parent.WeChatLogin("shared/fromParent");
        using var child = new TempApp("child", extendsJson: $"[\"{parent.Directory}\"]");
        child.Element("mine/login", """{ "title": "Mine", "type": "shared.fromGrandparent" }""");

        await using var app = await TestRuntime.LoadAsync(child);

        app.Diagnostics.Should().BeEmpty();
        app.Layers.Select(l => l.Manifest.Name).Should().Equal("child", "parent", "grandparent");
        app.Elements.Select(e => (e.FullName, e.Layer)).Should().Equal(
            ("mine.login", 0), ("shared.fromGrandparent", 2), ("shared.fromParent", 1), ("shared.overridden", 1));
        app.GetElement<WeChatMiniType>("shared.overridden").AllowRegister.Should().Be(1, "the nearer app wins");
        app.GetElement<WeChatMiniType>("mine.login").AuthConfig.AppId.Should().Be(TempApp.ValidAppId);
    }

    [Fact]
    public async Task Parents_are_looked_up_in_extends_order()
    {
        using var first = new TempApp("first");
        first.WeChatLogin("x/login", allowRegister: 1);
        using var second = new TempApp("second");
        second.WeChatLogin("x/login", allowRegister: 0);
        using var child = new TempApp("child", extendsJson: $"[\"{first.Directory}\", \"{second.Directory}\"]");

        await using var app = await TestRuntime.LoadAsync(child);

        app.GetElement<WeChatMiniType>("x.login").AllowRegister.Should().Be(1);
    }

    [Fact]
    public async Task A_missing_parent_app_and_an_extends_cycle_are_reported()
    {
        var cycleRoot = Path.Combine(Path.GetTempPath(), "jit-tests", Guid.NewGuid().ToString("N"));
        using var a = new TempApp("a", extendsJson: "[\"../b\", \"../missing\"]", root: Path.Combine(cycleRoot, "a"));
        using var b = new TempApp("b", extendsJson: "[\"../a\"]", root: Path.Combine(cycleRoot, "b"));
        a.WeChatLogin("ok");

        await using var app = await TestRuntime.LoadAsync(a);

        app.Diagnostics.Where(d => d.Code == Diagnostics.DiagnosticCodes.InvalidExtends).Select(d => d.Message).Should().SatisfyRespectively(
            cycle => cycle.Should().Contain("cycle"),
            missing => missing.Should().Contain("parent app not found"));
        app.FindElement("ok")!.Status.Should().Be(ElementStatus.Ready);
    }
}
