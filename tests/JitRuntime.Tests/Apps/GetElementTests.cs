using JitRuntime.Auths.LoginTypes;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Diagnostics;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Apps;

/// <summary>GetElement hands out live, bound, typed instances, once, and explains every refusal.</summary>
public sealed class GetElementTests : TempAppTest
{
    private static void AddCounters(IServiceCollection services, ConstructionLog log) =>
        services.AddSingleton(log).AddElementMeta<ICounter>().AddElementType<CounterElement>();

    [Fact]
    public async Task The_sample_app_shipped_in_the_repository_hands_out_its_wechat_login()
    {
        var environment = new Dictionary<string, string> { ["WECHAT_APP_SECRET"] = "sample-secret" };
        await using var app = await TestRuntime.LoadAsync(TestRuntime.RepositoryRoot, environment: environment);

        app.Diagnostics.Should().BeEmpty();
        app.Manifest!.Name.Should().Be("sampleApp");
        var login = app.GetElement<WeChatMiniType>("auths.loginTypes.myWeChatMiniLogin");
        login.Title.Should().Be("WeChat Mini Program login");
        login.AllowRegister.Should().Be(1, "the sample lets new users register, so the login flow can be tried end to end");
        login.AuthConfig.AppId.Should().Be("wx0123456789abcdef");
        login.AuthConfig.AppSecret.Should().Be("sample-secret");
        login.AuthConfig.ToString().Should().NotContain("sample-secret");
    }

    [Fact]
    public async Task AllowRegister_defaults_to_zero_and_binds_the_declared_value()
    {
        App.WeChatLogin("auths/loginTypes/implicit");
        App.WeChatLogin("auths/loginTypes/open", allowRegister: 1);

        await using var app = await TestRuntime.LoadAsync(App);

        app.GetElement<WeChatMiniType>("auths.loginTypes.implicit").AllowRegister.Should().Be(0);
        app.GetElement<WeChatMiniType>("auths.loginTypes.open").AllowRegister.Should().Be(1);
        app.GetElement<ILoginType>("auths.loginTypes.open").FullName.Should().Be("auths.loginTypes.open");
        app.GetElement("auths.loginTypes.open").Should().BeOfType<WeChatMiniType>();
    }

    [Fact]
    public async Task GetElement_of_an_unknown_name_suggests_close_names()
    {
        App.WeChatLogin("auths/loginTypes/myWeChatMiniLogin");
        await using var app = await TestRuntime.LoadAsync(App);

        var act = () => app.GetElement("auths.loginTypes.myWechatMiniLogn");

        act.Should().Throw<ElementNotFoundException>()
            .Which.Suggestions.Should().Equal("auths.loginTypes.myWeChatMiniLogin");
        act.Should().Throw<ElementNotFoundException>().WithMessage("*Did you mean 'auths.loginTypes.myWeChatMiniLogin'?");
    }

    [Fact]
    public async Task GetElement_of_a_broken_element_throws_its_diagnostics()
    {
        App.WeChatLogin("auths/loginTypes/broken", allowRegister: 5);
        await using var app = await TestRuntime.LoadAsync(App);

        var act = () => app.GetElement("auths.loginTypes.broken");

        var thrown = act.Should().Throw<BrokenElementException>().Which;
        thrown.Diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.ValueNotAllowed);
        thrown.Message.Should().Contain("elements/auths/loginTypes/broken/e.json:6:");
    }

    [Fact]
    public async Task GetElement_of_T_refuses_an_instance_of_another_type()
    {
        App.WeChatLogin("login");
        await using var app = await TestRuntime.LoadAsync(App);

        var act = () => app.GetElement<ICounter>("login");

        act.Should().Throw<ElementTypeMismatchException>().WithMessage("*WeChatMiniType*ICounter*");
    }

    [Fact]
    public async Task An_unset_environment_variable_is_a_warning_at_load_and_a_clear_error_at_creation()
    {
        App.WeChatLogin("login", appSecret: "${MY_TEST_SECRET}");

        await using var app = await TestRuntime.LoadAsync(App);

        var warning = app.Diagnostics.Should().ContainSingle().Subject;
        warning.Code.Should().Be(DiagnosticCodes.UnsetEnvironmentVariable);
        warning.IsError.Should().BeFalse();
        app.FindElement("login")!.Status.Should().Be(ElementStatus.Ready);
        var act = () => app.GetElement("login");
        act.Should().Throw<BrokenElementException>().WithMessage("*MY_TEST_SECRET*");

        await using var configured = await TestRuntime.LoadAsync(App, environment: new Dictionary<string, string> { ["MY_TEST_SECRET"] = "from-env" });
        configured.GetElement<WeChatMiniType>("login").AuthConfig.AppSecret.Should().Be("from-env");
    }

    [Fact]
    public async Task Instances_are_created_lazily_once_and_shared_by_racing_first_calls()
    {
        var log = new ConstructionLog();
        App.Element("counters/one", """{ "title": "One", "type": "tests.counters.CounterType" }""");
        await using var app = await TestRuntime.LoadAsync(App, s => AddCounters(s, log));

        log.Constructions.Should().Be(0, "nothing is created before the first GetElement");
        using var start = new ManualResetEventSlim();
        var racers = Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(() =>
        {
            start.Wait();
            return app.GetElement("counters.one");
        }, TaskCreationOptions.LongRunning)).ToList();
        start.Set();
        var instances = await Task.WhenAll(racers);

        log.Constructions.Should().Be(1);
        instances.Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task Instances_get_their_context_and_services_by_constructor_injection()
    {
        var log = new ConstructionLog();
        App.Element("counters/one", """{ "title": "One", "type": "tests.counters.CounterType", "description": "d" }""");
        await using var app = await TestRuntime.LoadAsync(App, s => AddCounters(s, log));

        var counter = app.GetElement<CounterElement>("counters.one");

        counter.Logger.Should().NotBeNull();
        counter.Context.Title.Should().Be("One");
        counter.Context.Declaration["description"]!.ToString().Should().Be("d");
        counter.Context.Directory.Should().Be(Path.Combine(App.Directory, "elements", "counters", "one"));
    }

    [Fact]
    public async Task A_failed_construction_is_not_cached()
    {
        var log = new ConstructionLog { FailuresToInject = 1 };
        App.Element("counters/one", """{ "title": "One", "type": "tests.counters.CounterType" }""");
        await using var app = await TestRuntime.LoadAsync(App, s => AddCounters(s, log));

        var first = () => app.GetElement("counters.one");
        first.Should().Throw<JitRuntimeException>().WithMessage("Creating element 'counters.one'*injected construction failure");

        app.GetElement<CounterElement>("counters.one").FullName.Should().Be("counters.one");
    }

    [Fact]
    public async Task Disposing_the_app_disposes_the_instances_it_created()
    {
        var log = new ConstructionLog();
        App.Element("counters/one", """{ "title": "One", "type": "tests.counters.CounterType" }""");
        var app = await TestRuntime.LoadAsync(App, s => AddCounters(s, log));
        var counter = app.GetElement<CounterElement>("counters.one");

        await app.DisposeAsync();

        counter.Disposed.Should().BeTrue();
        var act = () => app.GetElement("counters.one");
        act.Should().Throw<ObjectDisposedException>();
    }
}
