using System.Net.Http.Json;
using System.Text.Json;
using JitRuntime.Apps;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Apps;

/// <summary>
/// JitAi's accessModifier on a parent/child pair of apps: private elements stay in their app, protected ones are
/// inherited but not overridable, public ones (the default) are inherited and overridable.
/// </summary>
public sealed class AccessModifierTests : IDisposable
{
    private readonly TempApp _parent = new("parentApp");
    private readonly TempApp _child;

    public AccessModifierTests()
    {
        _child = new TempApp("childApp", extendsJson: JsonSerializer.Serialize(new[] { _parent.Directory }));
        Echo(_parent, "shared/privateEcho", "private");
        Echo(_parent, "shared/protectedEcho", "protected");
        Echo(_parent, "shared/publicEcho", null);
        Echo(_parent, "shared/PrivateEchoType", "private");
        _parent.Element("shared/usesPrivate", """{ "title": "Uses the private Type", "type": "shared.PrivateEchoType" }""");
    }

    public void Dispose()
    {
        _child.Dispose();
        _parent.Dispose();
    }

    private static void Echo(TempApp app, string folder, string? access) => app.Element(folder, $$"""
        { "title": "{{folder}}", "type": "{{EchoElement.TypeName}}"{{(access is null ? "" : $", \"accessModifier\": \"{access}\"")}} }
        """);

    private static Task<JitApp> LoadAsync(TempApp app) => TestRuntime.LoadAsync(app, services => services.AddElementType<EchoElement>());

    private static Task<JsonElement> EchoAsync(JitApp app, string element) => app.CallAsync(element, "echo", new { text = "hi" });

    [Fact]
    public async Task The_parent_app_itself_uses_all_of_its_elements()
    {
        await using var parent = await LoadAsync(_parent);

        parent.Diagnostics.Should().BeEmpty();
        parent.FindElement("shared.privateEcho")!.Access.Should().Be(ElementAccess.Private);
        (await EchoAsync(parent, "shared.privateEcho")).GetProperty("text").GetString().Should().Be("hi");
        (await EchoAsync(parent, "shared.usesPrivate")).GetProperty("text").GetString().Should().Be("hi");
    }

    [Fact]
    public async Task A_child_app_inherits_public_and_protected_elements_but_not_private_ones()
    {
        await using var child = await LoadAsync(_child);

        child.Diagnostics.Should().BeEmpty();
        child.Elements.Select(e => e.FullName).Should().BeEquivalentTo("shared.protectedEcho", "shared.publicEcho", "shared.usesPrivate");
        (await EchoAsync(child, "shared.protectedEcho")).GetProperty("text").GetString().Should().Be("hi");
        (await EchoAsync(child, "shared.usesPrivate")).GetProperty("text").GetString().Should().Be("hi",
            "a public element of the parent keeps working though its Type is private to the parent");
        var act = () => child.GetElement("shared.privateEcho");
        act.Should().Throw<ElementNotFoundException>("a private element is not inherited");
        var call = () => EchoAsync(child, "shared.privateEcho");
        await call.Should().ThrowAsync<ElementNotFoundException>();
    }

    [Fact]
    public async Task A_child_app_may_override_a_public_element_but_not_a_protected_one_nor_name_a_private_one()
    {
        _child.Element("shared/publicEcho", $$"""{ "title": "Child's own", "type": "{{EchoElement.TypeName}}" }""");
        _child.Element("shared/protectedEcho", $$"""{ "title": "Override attempt", "type": "{{EchoElement.TypeName}}" }""");
        _child.Element("mine/wrapsPrivate", """{ "title": "Mine", "type": "shared.PrivateEchoType" }""");
        await using var child = await LoadAsync(_child);

        child.FindElement("shared.publicEcho")!.Title.Should().Be("Child's own");
        child.FindElement("shared.publicEcho")!.Status.Should().Be(ElementStatus.Ready);
        var protectedError = child.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.ProtectedOverride).Which;
        protectedError.Path.Should().Be("elements/shared/protectedEcho/e.json");
        protectedError.Message.Should().Contain("overrides ").And.Contain("shared/protectedEcho/e.json, which is protected");
        child.FindElement("shared.protectedEcho")!.Status.Should().Be(ElementStatus.Broken);

        var privateError = child.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.PrivateElement).Which;
        privateError.Path.Should().Be("elements/mine/wrapsPrivate/e.json");
        privateError.Line.Should().Be(1);
        privateError.Message.Should().Contain("type 'shared.PrivateEchoType' is private to the app that declares it");
        child.Diagnostics.Should().HaveCount(2);
    }

    [Fact]
    public async Task Over_HTTP_a_child_app_serves_inherited_elements_and_not_the_parents_private_ones()
    {
        var host = JitRuntime.Host.Hosting.JitWebHost.Build(_child.Directory, "http://127.0.0.1:0", configureServices: s => s.AddElementType<EchoElement>());
        await using var _ = host;
        await JitRuntime.Host.Hosting.JitWebHost.StartAsync(host);
        using var http = new HttpClient { BaseAddress = new Uri(host.Urls.Single()) };

        using var inherited = await http.PostAsync("/api/local/childApp/shared/protectedEcho/echo", JsonContent.Create(new { text = "hi" }));
        (await inherited.Content.ReadAsStringAsync()).Should().Be("""{"text":"hi"}""");
        using var hidden = await http.PostAsync("/api/elements/shared.privateEcho/echo", JsonContent.Create(new { text = "hi" }));
        hidden.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        (await hidden.Content.ReadAsStringAsync()).Should().Contain("element_not_found");
    }
}
