using System.Net;
using System.Text.Json;
using JitRuntime.Composition;
using JitRuntime.Host.Hosting;
using JitRuntime.Tests.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace JitRuntime.Tests.Architecture;

/// <summary>
/// A family the host has never heard of brings its own surfaces by registering contributions: its readiness check
/// joins <c>/health/ready</c> and its problem member joins the API document, with no edit to the host.
/// </summary>
[Collection(HostProcessTests.Name)]
public sealed class ContributionTests
{
    /// <summary>A readiness check of a family made up for this test: not ready, with its own code.</summary>
    private sealed class ProbeCheck : IReadinessCheck
    {
        public string Name => "probe";

        public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>("probe_down");
    }

    [Fact]
    public async Task A_families_readiness_check_and_problem_member_appear_in_the_hosts_surfaces()
    {
        await using var hosted = await HostedApp.CreateAsync();
        await using var host = JitWebHost.Build(hosted.App.Directory, "http://127.0.0.1:0", configureServices: services =>
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, ProbeCheck>());
            services.AddProblemExtension("probeCode", "string", "The probe's own code, when the probe refused");
        });
        await JitWebHost.StartAsync(host);
        using var http = new HttpClient { BaseAddress = new Uri(host.Urls.Single()) };

        using var ready = await http.GetAsync("/health/ready");
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        body.RootElement.GetProperty("failing").EnumerateArray().Select(f => f.GetString()).Should().Equal("probe");
        body.RootElement.GetProperty("checks").GetProperty("probe").GetString().Should().Be("probe_down");
        body.RootElement.GetProperty("checks").GetProperty("database").GetString().Should().Be("healthy", "the shipped families' checks run beside it");

        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var problem = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Problem").GetProperty("properties");
        problem.GetProperty("probeCode").GetProperty("type").GetString().Should().Be("string");
        problem.GetProperty("errcode").GetProperty("type").GetString().Should().Be("integer", "WeChat's member comes from the auths family the same way");
        await host.StopAsync();
    }

    [Fact]
    public void A_problem_member_of_a_type_JSON_has_no_name_for_is_refused_where_the_family_registers_it()
    {
        var register = () => new ServiceCollection().AddProblemExtension("probeCode", "date", "When the probe refused");

        register.Should().Throw<ArgumentException>().WithMessage("*string, integer, number or boolean, not 'date'*");
    }
}
