using System.Text.Json;
using JitRuntime.Apps;
using JitRuntime.Calls;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Calls;

/// <summary>
/// The declared interface: an element's effective functionList (its Type's functions narrowed by e.json) is all that
/// can be called; args are checked against their JitAi dataTypes; loginRequired needs a remote caller's session.
/// </summary>
public sealed class FunctionListTests : IDisposable
{
    private readonly TempApp _app = new();

    public void Dispose() => _app.Dispose();

    private Task<JitApp> LoadAsync() => TestRuntime.LoadAsync(_app, services => services
        .AddElementType<EchoElement>()
        .AddSingleton<FakeAuthenticator>()
        .AddSingleton<IElementCallerAuthenticator>(s => s.GetRequiredService<FakeAuthenticator>())
        .AddSingleton<IElementFaultTranslator>(s => s.GetRequiredService<FakeAuthenticator>()));

    private static Task<object?> CallAsync(JitApp app, string element, string function, object arguments, ElementCaller? caller = null) =>
        app.InvokeAsync(element, function, JsonSerializer.SerializeToElement(arguments), caller ?? ElementCaller.Remote(null));

    private static async Task<ElementCallException> RefusedAsync(Func<Task> call) =>
        (await call.Should().ThrowAsync<ElementCallException>()).Which;

    [Fact]
    public void A_Type_publishes_its_functions_from_its_CSharp_metadata()
    {
        var functions = TypeFunctions.Of(typeof(JitRuntime.Auths.LoginTypes.WeChatMini.WeChatMiniType)).ToDictionary(f => f.Name);

        functions.Keys.Should().Equal("bind", "cancelScanLogin", "checkSession", "confirmScanLogin", "createScanLogin", "getLoginCode", "getPhoneNumber", "getScanLogin", "pollScanLogin", "register", "unbind");
        functions["getLoginCode"].LoginRequired.Should().BeFalse();
        functions["getLoginCode"].ReturnType.Should().Be(ElementDataTypes.JitDict);
        functions["getLoginCode"].Args.Should().ContainSingle().Which.Should().Be(new ElementFunctionArg("code", "code", "Stext", true, 255));
        functions["bind"].LoginRequired.Should().BeTrue("JitAi's default is loginRequired 1");
        functions["bind"].Args.Select(a => (a.Name, a.DataType)).Should().Equal(("userId", "Numeric"), ("code", "Stext"));
        functions["bind"].RateLimit.Should().Be(ElementRateLimit.PerSession);

        var echo = TypeFunctions.Of(typeof(EchoElement)).ToDictionary(f => f.Name);
        echo["typed"].Args.Select(a => a.DataType).Should().Equal("Numeric", "Checkbox", "Datetime", "JitDict", "JitList", "Numeric");
        echo["typed"].Args[^1].Required.Should().BeFalse();
        echo["long"].Args.Single().Should().Be(new ElementFunctionArg("body", "Body", "Ltext", true, null));
        echo["whoAmI"].Args.Should().BeEmpty("the caller is filled by the dispatch, never named by callers");
        echo["nothing"].ReturnType.Should().BeNull();
    }

    [Fact]
    public async Task Without_a_functionList_an_element_exposes_every_function_of_its_Type_and_with_one_only_those_listed()
    {
        _app.Element("echo/all", $$"""{ "title": "All", "type": "{{EchoElement.TypeName}}" }""");
        _app.Element("echo/narrow", $$"""
            { "title": "Narrow", "type": "{{EchoElement.TypeName}}",
              "functionList": [ { "name": "echo", "title": "Say it back", "args": [ { "name": "text", "dataType": "Stext", "maxLen": 5 } ] } ] }
            """);
        await using var app = await LoadAsync();
        app.Diagnostics.Should().BeEmpty();

        app.FindElement("echo.all")!.FunctionList.Select(f => f.Name).Should().Equal("echo", "long", "nothing", "typed", "whoAmI");
        var narrow = app.FindElement("echo.narrow")!;
        narrow.FunctionList.Should().ContainSingle().Which.Title.Should().Be("Say it back");
        narrow.FunctionList[0].Args.Single().MaxLen.Should().Be(5);

        (await CallAsync(app, "echo.narrow", "echo", new { text = "hello" })).Should().Be(new EchoResult("hello"), "a ValueTask<T> result is awaited like a Task<T>");
        var unlisted = await RefusedAsync(() => CallAsync(app, "echo.narrow", "long", new { body = "x" }, ElementCaller.Trusted));
        unlisted.Code.Should().Be("method_not_found");
        unlisted.Kind.Should().Be(ElementErrorKind.NotFound);
        unlisted.Message.Should().Contain("its functionList has: echo");
        (await RefusedAsync(() => CallAsync(app, "echo.narrow", "echo", new { text = "toolong" }))).Message
            .Should().Contain("has 7 characters; at most 5 are accepted");
        (await CallAsync(app, "echo.all", "nothing", new { })).Should().BeNull("a ValueTask function returns nothing");
    }

    [Fact]
    public async Task Arguments_are_checked_against_the_declared_args_and_dataTypes_before_the_function_runs()
    {
        _app.Element("echo/one", $$"""{ "title": "One", "type": "{{EchoElement.TypeName}}" }""");
        await using var app = await LoadAsync();
        var good = new { count = 3, flag = 1, at = "2026-11-27T13:00:00Z", data = new { a = 1 }, items = new[] { "x", "y" } };
        JsonSerializer.Serialize(await CallAsync(app, "echo.one", "typed", good)).Should()
            .Be("""{"count":3,"flag":true,"at":"2026-11-27T13:00:00+00:00","keys":1,"items":2,"ratio":null}""");

        async Task<string> Refusal(object arguments)
        {
            var refused = await RefusedAsync(() => CallAsync(app, "echo.one", "typed", arguments));
            refused.Code.Should().Be("invalid_arguments");
            refused.Message.Should().Contain("expected count (Numeric, required), flag (Checkbox, required)");
            return refused.Message;
        }

        (await Refusal(new { good.count, good.flag, good.at, good.data, good.items, extra = 1 })).Should().StartWith("unknown argument 'extra'");
        (await Refusal(new { good.flag, good.at, good.data, good.items })).Should().StartWith("missing argument 'count'");
        (await Refusal(new { count = "3", good.flag, good.at, good.data, good.items })).Should().StartWith("argument 'count' (Numeric) must be a JSON number (an integer)");
        (await Refusal(new { count = 1.5, good.flag, good.at, good.data, good.items })).Should().StartWith("argument 'count' (Numeric) must be an integer");
        (await Refusal(new { good.count, flag = 2, good.at, good.data, good.items })).Should().StartWith("argument 'flag' (Checkbox) must be 0 or 1");
        (await Refusal(new { good.count, good.flag, at = "yesterday", good.data, good.items })).Should().StartWith("argument 'at' (Datetime) must be an ISO 8601");
        (await Refusal(new { good.count, good.flag, good.at, data = "not an object", good.items })).Should().StartWith("argument 'data' (JitDict) must be a JSON object");
        (await Refusal(new { good.count, good.flag, good.at, good.data, items = "x" })).Should().StartWith("argument 'items' (JitList) must be a JSON array");
        (await RefusedAsync(() => CallAsync(app, "echo.one", "echo", new { text = new string('x', 256) }))).Message
            .Should().Contain("at most 255 are accepted", "Stext is at most 255 characters without a maxLen");
        (await CallAsync(app, "echo.one", "long", new { body = new string('x', 5000) })).Should().Be(new EchoResult("5000"), "Ltext has no such bound");
    }

    [Fact]
    public async Task A_loginRequired_function_needs_a_live_session_from_remote_callers_and_sees_its_user()
    {
        _app.Element("echo/one", $$"""
            { "title": "One", "type": "{{EchoElement.TypeName}}",
              "functionList": [ { "name": "whoAmI" }, { "name": "echo", "loginRequired": 1 } ] }
            """);
        await using var app = await LoadAsync();
        app.Diagnostics.Should().BeEmpty();

        (await RefusedAsync(() => CallAsync(app, "echo.one", "whoAmI", new { }))).Code.Should().Be("authentication_required");
        (await RefusedAsync(() => CallAsync(app, "echo.one", "whoAmI", new { }, ElementCaller.Remote("not-a-session")))).Code.Should().Be("session_invalid");
        (await CallAsync(app, "echo.one", "whoAmI", new { }, ElementCaller.Remote("token-42"))).Should().Be(42L);
        (await CallAsync(app, "echo.one", "whoAmI", new { }, ElementCaller.Trusted)).Should().BeNull("trusted callers are not asked for a session");

        app.FindElement("echo.one")!.FindFunction("echo")!.LoginRequired.Should().BeTrue("an element may raise loginRequired");
        (await RefusedAsync(() => CallAsync(app, "echo.one", "echo", new { text = "hi" }))).Code.Should().Be("authentication_required");
        (await CallAsync(app, "echo.one", "echo", new { text = "hi" }, ElementCaller.Trusted)).Should().Be(new EchoResult("hi"));

        var fault = await RefusedAsync(() => CallAsync(app, "echo.one", "whoAmI", new { }, ElementCaller.Remote("storage-down")));
        fault.Kind.Should().Be(ElementErrorKind.StorageUnavailable, "a storage fault while checking a session is coded like any other (503), not a 500");
        fault.Code.Should().Be("database_unavailable");
    }

    [Fact]
    public async Task Validate_reports_functionList_entries_the_Type_does_not_have_with_file_line_and_column()
    {
        _app.Element("echo/bad", $$"""
            { "title": "Bad", "type": "{{EchoElement.TypeName}}",
              "functionList": [
                { "name": "ecko" },
                { "name": "echo", "args": [ { "name": "txt", "dataType": "Stext" } ] },
                { "name": "typed", "args": [ { "name": "count", "dataType": "Stext" } ] },
                { "name": "echo" },
                { "name": "whoAmI", "loginRequired": 0 },
                { "name": "long", "args": [ { "name": "body", "dataType": "Ltext", "maxLen": 10 } ] },
                { "name": "nothing", "args": [ ] }
              ] }
            """);
        _app.Element("echo/widen", $$"""
            { "title": "Widen", "type": "{{EchoElement.TypeName}}",
              "functionList": [ { "name": "echo", "args": [ { "name": "text", "dataType": "Stext", "maxLen": 1000 } ] } ] }
            """);
        await using var app = await LoadAsync();

        app.Diagnostics.Select(d => d.ToString()).Should().Equal(
            "elements/echo/bad/e.json:3:20: error JIT050: functionList names 'ecko', which type 'tests.echo.EchoType' does not have; did you mean 'echo'? (it has: echo, long, nothing, typed, whoAmI)",
            "elements/echo/bad/e.json:4:47: error JIT051: function 'echo' has no arg 'txt'; its args are: text (Stext of at most 255 characters, required)",
            "elements/echo/bad/e.json:5:71: error JIT051: arg 'count' of function 'typed' is Numeric, not 'Stext'",
            "elements/echo/bad/e.json:6:20: error JIT052: functionList lists 'echo' twice; each function appears once",
            "elements/echo/bad/e.json:7:42: error JIT053: function 'whoAmI' has loginRequired 1 in its Type; an element may raise loginRequired, never lower it",
            "elements/echo/widen/e.json:2:101: error JIT051: arg 'text' of function 'echo' takes at most 255 characters; maxLen may lower that, not raise it");
        app.FindElement("echo.bad")!.Status.Should().Be(ElementStatus.Broken);
    }

    [Fact]
    public async Task A_Type_element_on_disk_is_a_template_not_a_callable_instance()
    {
        _app.Element("company/EchoWrapperType", $$"""{ "title": "Company echo", "type": "{{EchoElement.TypeName}}", "functionList": [ { "name": "echo" } ] }""");
        _app.Element("company/myEcho", """{ "title": "Mine", "type": "company.EchoWrapperType" }""");
        await using var app = await LoadAsync();
        app.Diagnostics.Should().BeEmpty();

        var type = app.FindElement("company.EchoWrapperType")!;
        type.Role.Should().Be(ElementRole.Type);
        type.FunctionList.Should().BeEmpty();
        var refused = await RefusedAsync(() => CallAsync(app, "company.EchoWrapperType", "echo", new { text = "x" }, ElementCaller.Trusted));
        refused.Code.Should().Be("element_not_callable");
        refused.Kind.Should().Be(ElementErrorKind.NotFound);

        var instance = app.FindElement("company.myEcho")!;
        instance.Role.Should().Be(ElementRole.Instance);
        instance.FunctionList.Should().ContainSingle("the Type element's functionList narrows its instances too").Which.Name.Should().Be("echo");
        (await CallAsync(app, "company.myEcho", "echo", new { text = "x" })).Should().Be(new EchoResult("x"));
    }
}
