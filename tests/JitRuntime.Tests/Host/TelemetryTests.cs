using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using JitRuntime.Diagnostics;
using JitRuntime.Fakes;
using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace JitRuntime.Tests.Host;

/// <summary>
/// The host's OpenTelemetry wiring, with the SDK's in-memory exporters: a login flow over HTTP produces one span per
/// element call with children for the WeChat request and the database transaction, metric points for calls, WeChat
/// requests and codes, and no secret or user identifier in any tag.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_login_flow_produces_the_spans_and_metric_points_and_no_tag_holds_a_secret_or_user_identifier()
    {
        await using var hosted = await HostedApp.CreateAsync();
        var activities = new List<Activity>();
        var metrics = new List<Metric>();
        // The SDK records without an OTLP endpoint only when told to: these exporters are added in code.
        var app = JitWebHost.Build(hosted.App.Directory, "http://127.0.0.1:0", new Dictionary<string, string?> { ["Telemetry:Enabled"] = "true" }, configureServices: services => services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(activities))
            .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        await using var _ = app;
        await JitWebHost.StartAsync(app);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var openId = "openid-telemetry-" + Guid.NewGuid().ToString("N")[..8];
        var code = hosted.WeChat.IssueCode(openId);
        var bind = await CallAsync(http, HostedApp.OpenLogin, "getLoginCode", new { code });
        var bindCode = bind.GetProperty("bindCode").GetString()!;
        var registered = await CallAsync(http, HostedApp.OpenLogin, "register", new { bindCode });
        var loginCode = registered.GetProperty("loginCode").GetString()!;
        var session = await CallAsync(http, HostedApp.AuthSvc, "loginByCode", new { loginCode, platform = "wechatMini" });
        var token = session.GetProperty("token").GetString()!;
        var userId = registered.GetProperty("userId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);

        app.Services.GetRequiredService<TracerProvider>().ForceFlush().Should().BeTrue();
        app.Services.GetRequiredService<MeterProvider>().ForceFlush().Should().BeTrue();
        await app.StopAsync();

        // Spans of this host's requests only (other tests run in this process and use the same activity source).
        List<Activity> ours;
        var recorded = Snapshot(activities);
        // Other tests' in-process hosts serve the same element names meanwhile: keep the requests to this host's port.
        var port = new Uri(app.Urls.Single()).Port;
        var traces = recorded.Where(a => a.Source.Name == "Microsoft.AspNetCore" && $"{a.GetTagItem("server.port")}" == $"{port}").Select(a => a.TraceId).ToHashSet();
        traces.Should().NotBeEmpty("the server spans name their port");
        ours = recorded.Where(a => traces.Contains(a.TraceId)).ToList();

        var getLoginCode = ours.Single(a => a.OperationName == "element.call" && a.DisplayName == $"{HostedApp.OpenLogin}.getLoginCode");
        getLoginCode.GetTagItem("jit.outcome").Should().Be("ok");
        ours.Should().ContainSingle(a => a.OperationName == "wechat jscode2session" && a.ParentSpanId == getLoginCode.SpanId)
            .Which.GetTagItem("wechat.errcode").Should().Be("0");
        ours.Should().Contain(a => a.OperationName == "db.transaction" && a.ParentSpanId == getLoginCode.SpanId);
        ours.Should().Contain(a => a.DisplayName == $"{HostedApp.OpenLogin}.register").And.Contain(a => a.DisplayName == $"{HostedApp.AuthSvc}.loginByCode");

        var points = Points(metrics);
        points.Should().Contain(p => p.Name == "jit.element.calls" && p.Tags["jit.element"] == HostedApp.OpenLogin
            && p.Tags["jit.function"] == "register" && p.Tags["jit.outcome"] == "ok");
        points.Should().Contain(p => p.Name == "jit.element.call.duration" && p.Tags["jit.function"] == "getLoginCode");
        points.Should().Contain(p => p.Name == "jit.wechat.requests" && p.Tags["wechat.errcode"] == "0");
        points.Should().Contain(p => p.Name == "jit.auth.codes.issued" && p.Tags["jit.code.kind"] == "bind");
        points.Should().Contain(p => p.Name == "jit.auth.codes.redeemed" && p.Tags["jit.code.kind"] == "login");

        string[] secrets = [FakeWeChatServer.AppSecret, code, bindCode, loginCode, token, openId, hosted.WeChat.SessionKeyOf(code)];
        var tagValues = ours.SelectMany(a => a.TagObjects.Select(t => $"{t.Value}")).Concat(ours.Select(a => a.DisplayName))
            .Concat(points.SelectMany(p => p.Tags.Values)).ToList();
        foreach (var secret in secrets)
        {
            tagValues.Should().NotContain(v => v.Contains(secret, StringComparison.Ordinal), "no tag may hold a secret, code, token or openid");
        }

        points.Where(p => p.Name.StartsWith("jit.", StringComparison.Ordinal)).SelectMany(p => p.Tags.Values).Should().NotContain(userId, "no user id as a metric tag");
    }

    private static async Task<JsonElement> CallAsync(HttpClient http, string element, string method, object arguments)
    {
        using var response = await http.PostAsJsonAsync($"/api/elements/{element}/{method}", arguments);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>
    /// A copy of a list the in-memory exporters keep appending to (other tests in this process use the same activity
    /// source and meter, without our lock): copied again when an append races the copy.
    /// </summary>
    private static List<T> Snapshot<T>(List<T> list)
        where T : class
    {
        while (true)
        {
            try
            {
                return list.ToArray().Where(item => item is not null).ToList();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
            {
                // An append resized the list while it was copied.
            }
        }
    }

    private static List<(string Name, Dictionary<string, string> Tags)> Points(List<Metric> metrics)
    {
        var points = new List<(string, Dictionary<string, string>)>();
        foreach (var metric in Snapshot(metrics).Where(m => m.MeterName == JitTelemetry.Name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = $"{tag.Value}";
                }

                points.Add((metric.Name, tags));
            }
        }

        return points;
    }
}
