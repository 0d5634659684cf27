using System.Text.RegularExpressions;
using JitRuntime.Auths.LoginTypes.WeChatMini;
using JitRuntime.Elements;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Docs;

/// <summary>README and docs/ stay true where a test can tell: links lead somewhere, the first element README shows works.</summary>
public sealed partial class DocumentationTests
{
    private static IEnumerable<string> Pages() =>
        Directory.EnumerateFiles(Path.Combine(TestRuntime.RepositoryRoot, "docs"), "*.md").Prepend(Path.Combine(TestRuntime.RepositoryRoot, "README.md"));

    /// <summary>GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static string Anchor(string heading) => AnchorDropped().Replace(heading.Trim().ToLowerInvariant().Replace("`", "", StringComparison.Ordinal), "").Replace(' ', '-');

    private static HashSet<string> Anchors(string page)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var fence = false;
        foreach (var line in File.ReadLines(page))
        {
            fence ^= line.StartsWith("```", StringComparison.Ordinal);
            if (!fence && Heading().Match(line) is { Success: true } heading)
            {
                anchors.Add(Anchor(heading.Groups[1].Value));
            }
        }

        return anchors;
    }

    [Fact]
    public void Every_relative_link_in_README_and_docs_leads_to_a_file_and_heading_that_exist()
    {
        var links = 0;
        foreach (var page in Pages())
        {
            foreach (Match link in RelativeLink().Matches(File.ReadAllText(page)))
            {
                var (file, anchor) = (link.Groups[1].Value, link.Groups[2].Value);
                var target = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, file));
                File.Exists(target).Should().BeTrue($"{Path.GetFileName(page)} links to {link.Value}");
                if (anchor.Length > 0)
                {
                    Anchors(target).Should().Contain(anchor, $"{Path.GetFileName(page)} links to {link.Value}");
                }

                links++;
            }
        }

        links.Should().BeGreaterThan(20);
    }

    [Fact]
    public void README_stays_a_first_days_read()
    {
        File.ReadAllLines(Path.Combine(TestRuntime.RepositoryRoot, "README.md")).Length.Should().BeLessThan(260, "the reference lives in docs/");
    }

    [Fact]
    public async Task The_element_README_creates_loads_and_serves_its_settings()
    {
        var readme = File.ReadAllText(Path.Combine(TestRuntime.RepositoryRoot, "README.md"));
        var blocks = JsonBlock().Matches(readme).Select(m => m.Groups[1].Value).ToList();
        using var app = new TempApp();
        Folders.CopySampleApp(app.Directory);
        app.Write("elements/auths/loginTypes/shopLogin/e.json", blocks.Single(b => b.Contains("Shop Mini Program login", StringComparison.Ordinal)));
        app.Write("elements/auths/loginTypes/shopLogin/shopLogin.json", blocks.Single(b => b.Contains("SHOP_APP_SECRET", StringComparison.Ordinal)));

        await using var opened = await JitApps.OpenAsync(app.Directory, builder => builder.Services.Configure<JitRuntimeOptions>(
            o => o.GetEnvironmentVariable = name => name is "SHOP_APP_SECRET" or "WECHAT_APP_SECRET" ? "dev" : null));

        opened.Diagnostics.Should().BeEmpty();
        opened.FindElement("auths.loginTypes.shopLogin")!.Status.Should().Be(ElementStatus.Ready);
        var login = opened.GetElement<WeChatMiniType>("auths.loginTypes.shopLogin");
        login.AllowRegister.Should().Be(1);
        login.AuthConfig.AppId.Should().Be("wx0123456789abcdef");
    }

    [GeneratedRegex(@"\]\((?!https?:|mailto:)([^)#\s]*)(?:#([^)\s]*))?\)")]
    private static partial Regex RelativeLink();

    [GeneratedRegex(@"^#{1,6} (.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^a-z0-9 \-]")]
    private static partial Regex AnchorDropped();

    [GeneratedRegex(@"```json\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
