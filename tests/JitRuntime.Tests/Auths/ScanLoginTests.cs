using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Auths;

/// <summary>
/// Scan to log in on a PC, against the fake WeChat's getwxacodeunlimit and a real database: every status, every
/// refusal with its own code, single use, expiry, no secret in the audit; raced on three runtimes.
/// </summary>
public abstract class ScanLoginTests(DatabaseEngine engine)
{
    public const string ScanName = "auths.loginTypes.scanLogin";

    /// <summary>A WeChat login element offering scan to log in (<c>scanLogin</c>), beside the harness's own.</summary>
    public static void AddScanElement(TempApp app, string envVersion = "release", string page = "pages/scan/confirm")
    {
        app.Element("auths/loginTypes/scanLogin", $$"""
            { "title": "Scan", "type": "auths.loginTypes.WeChatMiniType", "frontBundleEntry": "./c.json", "allowRegister": 1,
              "scanLogin": { "page": "{{page}}", "envVersion": "{{envVersion}}", "width": 430 } }
            """);
        app.Write("elements/auths/loginTypes/scanLogin/c.json",
            $$"""{ "authConfig": { "appId": "{{FakeWeChatServer.AppId}}", "appSecret": "{{FakeWeChatServer.AppSecret}}" } }""");
    }

    private async Task<LoginHarness> StartAsync(string envVersion = "release", string page = "pages/scan/confirm")
    {
        var app = new TempApp();
        AddScanElement(app, envVersion, page);
        return await LoginHarness.StartAsync(engine, app: app);
    }

    private static WeChatMiniType Scan(LoginHarness h) => h.JitApp.GetElement<WeChatMiniType>(ScanName);

    private static ElementCaller SessionOf(long userId) => ElementCaller.Remote("session", "127.0.0.1").WithUser(userId);

    private static ElementCaller Browser => ElementCaller.Remote(null, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0");

    private static async Task<string> CodeOf(Func<Task> call) => (await call.Should().ThrowAsync<ElementCallException>()).Which.Code;

    [Fact]
    public async Task A_PC_is_logged_in_as_the_user_who_scans_and_confirms_and_collects_the_loginCode_once()
    {
        await using var h = await StartAsync();
        var userId = await h.RegisterAsync("openid-scanner");

        var ticket = await Scan(h).CreateScanLoginAsync(Browser);
        ticket.Ticket.Should().HaveLength(32);
        ticket.ExpiresIn.Should().Be(300);
        ticket.QrCode.Should().StartWith("data:image/png;base64,");
        Convert.FromBase64String(ticket.QrCode["data:image/png;base64,".Length..]).Should().Equal(FakeWeChatServer.QrCodePng);
        h.WeChat.QrCodeRequests.Should().ContainSingle().Which.Should().Be((ticket.Ticket, "pages/scan/confirm", true, "release", 430));
        (await Scan(h).PollScanLoginAsync(ticket.Ticket, ticket.PollToken)).Status.Should().Be("waiting");

        var shown = await Scan(h).GetScanLoginAsync(ticket.Ticket, caller: SessionOf(userId));
        shown.Status.Should().Be("scanned");
        shown.ClientAddress.Should().Be("203.0.113.7");
        shown.UserAgent.Should().Be("Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0");
        shown.RequestedAt.Should().BeCloseTo(h.Clock.GetUtcNow(), TimeSpan.FromSeconds(1));
        (await Scan(h).PollScanLoginAsync(ticket.Ticket, ticket.PollToken)).Status.Should().Be("scanned");

        await Scan(h).ConfirmScanLoginAsync(ticket.Ticket, caller: SessionOf(userId));
        var confirmed = await Scan(h).PollScanLoginAsync(ticket.Ticket, ticket.PollToken);
        confirmed.Status.Should().Be("confirmed");
        (await h.AuthSvc.LoginByCodeAsync(confirmed.LoginCode!, platform: "web")).UserId.Should().Be(userId);
        var later = await Scan(h).PollScanLoginAsync(ticket.Ticket, ticket.PollToken);
        later.Status.Should().Be("used");
        later.LoginCode.Should().BeNull("the loginCode is handed out on the first poll after the confirmation only");
        (await CodeOf(() => Scan(h).ConfirmScanLoginAsync(ticket.Ticket, caller: SessionOf(userId)))).Should().Be("scan_login_confirmed");
    }

    [Fact]
    public async Task Each_refusal_has_its_own_code()
    {
        await using var h = await StartAsync();
        var scanner = await h.RegisterAsync("openid-first-scanner");
        var other = await h.RegisterAsync("openid-other-scanner");
        var ticket = await Scan(h).CreateScanLoginAsync(Browser);

        (await CodeOf(() => Scan(h).ConfirmScanLoginAsync(ticket.Ticket, caller: SessionOf(scanner)))).Should().Be("scan_login_not_scanned");
        await Scan(h).GetScanLoginAsync(ticket.Ticket, caller: SessionOf(scanner));
        (await Scan(h).GetScanLoginAsync(ticket.Ticket, caller: SessionOf(scanner))).Status.Should().Be("scanned", "the same user may open the page again");
        (await CodeOf(() => Scan(h).GetScanLoginAsync(ticket.Ticket, caller: SessionOf(other)))).Should().Be("scan_login_other_user");
        (await CodeOf(() => Scan(h).ConfirmScanLoginAsync(ticket.Ticket, caller: SessionOf(other)))).Should().Be("scan_login_other_user");
        (await CodeOf(() => Scan(h).PollScanLoginAsync(ticket.Ticket, JitRuntime.Auths.Security.OneTimeCode.Generate().Code))).Should().Be("scan_poll_token_invalid");
        (await CodeOf(() => Scan(h).PollScanLoginAsync(new string('A', 32), ticket.PollToken))).Should().Be("scan_ticket_invalid");
        (await CodeOf(() => Scan(h).GetScanLoginAsync("short", caller: SessionOf(scanner)))).Should().Be("invalid_argument");
        (await CodeOf(() => Scan(h).ConfirmScanLoginAsync(ticket.Ticket))).Should().Be("invalid_argument", "a trusted caller must name the user");
        (await CodeOf(() => Scan(h).GetScanLoginAsync(ticket.Ticket, userId: other, caller: SessionOf(scanner)))).Should().Be("forbidden");

        await Scan(h).CancelScanLoginAsync(ticket.Ticket, caller: SessionOf(scanner));
        (await Scan(h).PollScanLoginAsync(ticket.Ticket, ticket.PollToken)).Status.Should().Be("cancelled");
        (await CodeOf(() => Scan(h).ConfirmScanLoginAsync(ticket.Ticket, caller: SessionOf(scanner)))).Should().Be("scan_login_cancelled");

        var stale = await Scan(h).CreateScanLoginAsync(Browser);
        await Scan(h).GetScanLoginAsync(stale.Ticket, caller: SessionOf(scanner));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        (await Scan(h).PollScanLoginAsync(stale.Ticket, stale.PollToken)).Status.Should().Be("expired");
        (await CodeOf(() => Scan(h).ConfirmScanLoginAsync(stale.Ticket, caller: SessionOf(scanner)))).Should().Be("scan_login_expired");
        (await CodeOf(() => h.Login.CreateScanLoginAsync(Browser))).Should().Be("scan_login_not_configured");
    }

    [Fact]
    public async Task The_audit_records_scan_login_with_the_user_and_no_ticket_token_or_loginCode_is_stored_in_plain_text()
    {
        await using var h = await StartAsync();
        var userId = await h.RegisterAsync("openid-audited-scanner");
        var ticket = await Scan(h).CreateScanLoginAsync(Browser);
        await h.JitApp.InvokeAsync(ScanName, "getScanLogin", System.Text.Json.JsonSerializer.SerializeToElement(new { ticket = ticket.Ticket, userId }));
        await h.JitApp.InvokeAsync(ScanName, "confirmScanLogin", System.Text.Json.JsonSerializer.SerializeToElement(new { ticket = ticket.Ticket, userId }));
        var polled = (ScanLoginStatus)(await h.JitApp.InvokeAsync(ScanName, "pollScanLogin",
            System.Text.Json.JsonSerializer.SerializeToElement(new { ticket = ticket.Ticket, pollToken = ticket.PollToken })))!;

        (await h.QueryScalarAsync<string>("SELECT event || ':' || user_id FROM auth_audit WHERE event = 'scan_login'")).Should().Be($"scan_login:{userId}");
        var rows = new System.Text.StringBuilder();
        await using (var connection = await h.Database.OpenAsync())
        {
            foreach (var table in new[] { "auth_audit", "auth_scan_logins", "auth_codes" })
            {
                foreach (IDictionary<string, object?> row in await Dapper.SqlMapper.QueryAsync(connection, $"SELECT * FROM {table}"))
                {
                    rows.AppendJoin('|', row.Values.Select(v => v is byte[] bytes ? Convert.ToBase64String(bytes) + System.Text.Encoding.ASCII.GetString(bytes) : v?.ToString())).AppendLine();
                }
            }
        }

        var everything = rows + string.Join("\n", h.Logs.Lines);
        foreach (var secret in new[] { ticket.Ticket, ticket.PollToken, polled.LoginCode! })
        {
            everything.Should().NotContain(secret);
        }
    }

    [Fact]
    public async Task A_poll_that_waits_answers_as_soon_as_the_code_is_scanned()
    {
        await using var h = await StartAsync();
        var userId = await h.RegisterAsync("openid-long-poll");
        var ticket = await Scan(h).CreateScanLoginAsync(Browser);

        var waiting = Scan(h).PollScanLoginAsync(ticket.Ticket, ticket.PollToken, waitSeconds: 20);
        await Task.Delay(300);
        waiting.IsCompleted.Should().BeFalse("nothing moved yet");
        await Scan(h).GetScanLoginAsync(ticket.Ticket, caller: SessionOf(userId));

        (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Status.Should().Be("scanned");
        (await CodeOf(() => Scan(h).PollScanLoginAsync(ticket.Ticket, ticket.PollToken, waitSeconds: 21))).Should().Be("invalid_argument");
    }

    [Fact]
    public async Task WeChats_errors_of_getwxacodeunlimit_are_typed_and_a_develop_build_is_asked_without_the_path_check()
    {
        await using (var h = await StartAsync(envVersion: "develop", page: "missing/page"))
        {
            (await CodeOf(() => Scan(h).CreateScanLoginAsync(Browser))).Should().Be("wechat_invalid_page");
            h.WeChat.QrCodeQuotaExhausted = true;
            (await CodeOf(() => Scan(h).CreateScanLoginAsync(Browser))).Should().Be("wechat_daily_quota_exceeded");
            (await h.QueryScalarAsync<long>("SELECT COUNT(*) FROM auth_scan_logins")).Should().Be(0, "nothing is stored when WeChat draws no code");
        }

        await using var dev = await StartAsync(envVersion: "develop");
        dev.WeChat.RotateToken();
        await Scan(dev).CreateScanLoginAsync(Browser);
        dev.WeChat.QrCodeRequests.Last().Should().Be((dev.WeChat.QrCodeRequests.Last().Scene, "pages/scan/confirm", false, "develop", 430));
    }

    [Fact]
    public async Task Racing_confirmations_and_polls_on_three_runtimes_log_the_PC_in_once()
    {
        await using var cluster = await LoginCluster.StartAsync(engine, prepare: app => AddScanElement(app));
        WeChatMiniType On(int i) => cluster.Node(i).JitApp.GetElement<WeChatMiniType>(ScanName);
        for (var round = 0; round < 3; round++)
        {
            var userId = await cluster.Nodes[0].RegisterAsync($"openid-race-scan-{round}");
            var ticket = await On(round).CreateScanLoginAsync(Browser);
            await On(round + 1).GetScanLoginAsync(ticket.Ticket, caller: SessionOf(userId));

            var confirmations = await LoginCluster.RaceAsync(12, async i => (await On(i).ConfirmScanLoginAsync(ticket.Ticket, caller: SessionOf(userId))).Success ? "ok" : "?");
            confirmations.Count(o => o == "ok").Should().Be(1, string.Join(", ", confirmations));
            confirmations.Where(o => o != "ok").Should().OnlyContain(o => o == "scan_login_confirmed");

            var polls = await LoginCluster.RaceAsync(12, async i => (await On(i).PollScanLoginAsync(ticket.Ticket, ticket.PollToken)) is { LoginCode: { } code } ? code : "no code");
            polls.Count(o => o != "no code").Should().Be(1, "exactly one poll collects the loginCode: " + string.Join(", ", polls.Where(p => p.Length < 40)));
            (await cluster.Node(0).AuthSvc.LoginByCodeAsync(polls.Single(o => o != "no code"))).UserId.Should().Be(userId);
        }
    }
}

/// <summary>The suite on the implicit SQLite database.</summary>
public sealed class SqliteScanLoginTests() : ScanLoginTests(DatabaseEngine.Sqlite);

/// <summary>The suite on a PostgreSQL database element.</summary>
public sealed class PostgreSqlScanLoginTests() : ScanLoginTests(DatabaseEngine.PostgreSql);
