using System.Reflection;
using JitRuntime.Tests.Support;

namespace JitRuntime.Tests.Architecture;

/// <summary>
/// DESIGN's layering, read from the compiled assemblies' references (what their code names, not what sits beside them):
/// the host and the core know no family; the core knows no ASP.NET Core and no SQL engine; a family reaches storage
/// through the databases family's contract, never an engine's types; and nothing below the host knows the host.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] SqlEngines = ["Microsoft.Data.Sqlite", "SQLitePCLRaw.core", "Npgsql"];

    private static List<string> ReferencesOf(Assembly assembly) => assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

    private static List<string> FamilyNames() => ComposedFamilies.All().Select(f => f.Assembly.GetName().Name!).ToList();

    [Fact]
    public void The_distribution_composes_the_databases_and_auths_families_and_the_secrets_module_each_in_its_own_assembly()
    {
        ComposedFamilies.All().Select(f => f.Name).Should().BeEquivalentTo("databases", "secrets", "auths");
        FamilyNames().Should().OnlyHaveUniqueItems().And.NotContain([ComposedFamilies.Core.GetName().Name, ComposedFamilies.Host.GetName().Name]);
    }

    [Fact]
    public void The_host_references_no_family_only_the_core_and_the_composition_point()
    {
        var references = ReferencesOf(ComposedFamilies.Host);

        references.Should().Contain([ComposedFamilies.Core.GetName().Name, ComposedFamilies.Composition.GetName().Name]);
        references.Should().NotContain(FamilyNames(), "the host enumerates what families contribute and never names their types");
    }

    [Fact]
    public void The_host_project_does_not_see_the_families_transitively()
    {
        var project = File.ReadAllText(Path.Combine(TestRuntime.RepositoryRoot, "runtime", "JitRuntime.Host", "JitRuntime.Host.csproj"));

        project.Should().Contain("<DisableTransitiveProjectReferences>true</DisableTransitiveProjectReferences>",
            "without it a family type in host code would compile, and only this test would say so");
    }

    [Fact]
    public void The_core_references_no_family_no_host_no_ASP_NET_Core_and_no_SQL_engine()
    {
        var references = ReferencesOf(ComposedFamilies.Core);

        references.Should().NotContain(FamilyNames());
        references.Should().NotContain([ComposedFamilies.Host.GetName().Name, ComposedFamilies.Composition.GetName().Name]);
        references.Should().NotContain(r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal), "the core runs without a web host");
        references.Should().NotContain(SqlEngines);
    }

    [Fact]
    public void Families_reach_storage_through_the_databases_contract_and_never_reference_the_host()
    {
        var databases = ComposedFamilies.All().Single(f => f.Name == "databases").Assembly;
        foreach (var family in ComposedFamilies.All())
        {
            var references = ReferencesOf(family.Assembly);
            references.Should().NotContain([ComposedFamilies.Host.GetName().Name, ComposedFamilies.Composition.GetName().Name], $"{family.Name} is below the host");
            if (family.Assembly != databases)
            {
                references.Should().NotContain(SqlEngines, $"{family.Name} uses the databases family's contract, not an engine");
            }
        }
    }
}
