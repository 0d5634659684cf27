using System.Runtime;
using JitRuntime.Apps;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Apps;

/// <summary>
/// A one-shot process (the CLI verbs) loads a big app without garbage collections; what it loads must not change, and
/// the process must be back to normal collecting afterwards, also when the load is cancelled or the app is small.
/// </summary>
[Collection(Name)]
public sealed class OneShotLoadTests : TempAppTest
{
    /// <summary>A no-GC region is process-wide: these tests run alone, and no other test's load can open one meanwhile.</summary>
    public const string Name = "process-wide GC mode";

    private const int Elements = LoadWithoutCollections.MinElements;

    [Fact]
    public async Task A_big_load_in_a_one_shot_process_loads_the_same_app_and_ends_its_no_collection_region()
    {
        for (var i = 0; i < Elements; i++)
        {
            App.WeChatLogin($"group{i / 100}/login{i}", allowRegister: i % 2);
        }

        await using var normal = await TestRuntime.LoadAsync(App);
        await using var oneShot = await TestRuntime.LoadAsync(App, services => services.Configure<JitRuntimeOptions>(o => o.OneShotProcess = true));

        GCSettings.LatencyMode.Should().NotBe(GCLatencyMode.NoGCRegion, "the region ends with the load");
        oneShot.Elements.Should().HaveCount(Elements);
        oneShot.Elements.Select(e => e.FullName).Should().Equal(normal.Elements.Select(e => e.FullName));
        oneShot.Diagnostics.Select(d => d.ToString()).Should().Equal(normal.Diagnostics.Select(d => d.ToString()));
        oneShot.HasErrors.Should().BeFalse(string.Join("\n", oneShot.Diagnostics));
    }

    [Fact]
    public void The_region_is_only_for_big_loads_and_always_ends()
    {
        LoadWithoutCollections.Begin(Elements - 1).Should().BeNull("a small load does not reserve memory");

        var region = LoadWithoutCollections.Begin(Elements);
        region.Should().NotBeNull();
        GCSettings.LatencyMode.Should().Be(GCLatencyMode.NoGCRegion);
        LoadWithoutCollections.Begin(Elements).Should().BeNull("one region at a time");
        region!.Dispose();
        GCSettings.LatencyMode.Should().NotBe(GCLatencyMode.NoGCRegion);

        // Outgrown or ended by an induced collection: disposing is still safe.
        var ended = LoadWithoutCollections.Begin(Elements)!;
        GC.Collect();
        ended.Dispose();
        GCSettings.LatencyMode.Should().NotBe(GCLatencyMode.NoGCRegion);
    }
}

/// <summary>Runs <see cref="OneShotLoadTests"/> with no other test at the same time.</summary>
[CollectionDefinition(OneShotLoadTests.Name, DisableParallelization = true)]
public sealed class ProcessWideGcTests;
