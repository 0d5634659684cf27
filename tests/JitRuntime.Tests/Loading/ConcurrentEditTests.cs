using JitRuntime.Elements;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Loading;

/// <summary>A declaration rewritten (non-atomically, as editors and copy tools do) while the loader reads it.</summary>
public sealed class ConcurrentEditTests : TempAppTest
{
    private static readonly string[] Titles = ["One", "Two"];

    [Fact]
    public async Task A_file_that_changes_while_it_is_read_gives_a_version_or_a_diagnostic_never_a_crash()
    {
        App.WeChatLogin("edit/login");
        App.WeChatLogin("edit/witness");
        var path = Path.Combine(App.Directory, "elements/edit/login/e.json");
        var versions = Titles.Select(title => File.ReadAllText(path).Replace("Login login", title, StringComparison.Ordinal)).ToArray();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                var bytes = System.Text.Encoding.UTF8.GetBytes(versions[i % 2]);
                await stream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await stream.FlushAsync();
                await stream.WriteAsync(bytes.AsMemory(bytes.Length / 2));
            }
        });

        var seen = new HashSet<string>();
        for (var round = 0; round < 60; round++)
        {
            await using var app = await TestRuntime.LoadAsync(App);
            app.FindElement("edit.witness")!.Status.Should().Be(ElementStatus.Ready);
            var login = app.FindElement("edit.login")!;
            if (login.Status == ElementStatus.Ready)
            {
                login.Title.Should().BeOneOf("One", "Two", "Login login");
                seen.Add(login.Title!);
            }
            else
            {
                login.Diagnostics.Should().Contain(d => d.IsError && d.Path == "elements/edit/login/e.json", "a torn read is reported, not thrown");
                seen.Add("torn");
            }
        }

        await stop.CancelAsync();
        await writer;
        seen.Should().NotBeEmpty();
    }
}
