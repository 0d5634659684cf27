using JitRuntime.Tests.Support;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Tests.Schemas;

/// <summary>
/// The files in schemas/ are standard JSON Schema that other validators read the same way NJsonSchema does:
/// draft-07 documents restricted to keywords NJsonSchema enforces (it silently ignores the rest).
/// </summary>
public sealed class SchemaFileTests
{
    private static readonly string[] IgnoredByNJsonSchema =
        ["const", "if", "then", "else", "contains", "propertyNames", "dependentRequired", "dependentSchemas", "$defs", "unevaluatedProperties", "unevaluatedItems", "prefixItems"];

    public static TheoryData<string> SchemaFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestRuntime.RepositoryRoot, "schemas"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public async Task Every_schema_is_a_draft_07_document_that_NJsonSchema_loads_with_its_references(string file)
    {
        var path = Path.Combine(TestRuntime.RepositoryRoot, "schemas", file);
        var json = JObject.Parse(await File.ReadAllTextAsync(path));

        json["$schema"]!.Value<string>().Should().Be("http://json-schema.org/draft-07/schema#");
        var schema = await JsonSchema.FromFileAsync(path);
        schema.Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public async Task No_schema_uses_a_keyword_that_NJsonSchema_would_silently_ignore(string file)
    {
        var json = JObject.Parse(await File.ReadAllTextAsync(Path.Combine(TestRuntime.RepositoryRoot, "schemas", file)));

        var keywords = json.DescendantsAndSelf().OfType<JProperty>()
            .Where(p => p.Parent?.Parent is not JProperty { Name: "properties" or "definitions" }) // property names are not keywords
            .Select(p => p.Name);

        keywords.Should().NotContain(IgnoredByNJsonSchema);
    }

    [Fact]
    public void Every_registered_type_names_schema_files_that_ship()
    {
        using var services = TestRuntime.Services();
        var registry = (JitRuntime.Types.ElementTypeRegistry)services.GetService(typeof(JitRuntime.Types.ElementTypeRegistry))!;

        var files = registry.All.SelectMany(d => new[] { d.DeclarationSchema, d.ConfigurationSchema }).OfType<string>().ToList();

        files.Should().NotBeEmpty();
        files.Should().OnlyContain(f => File.Exists(Path.Combine(TestRuntime.RepositoryRoot, "schemas", f)));
    }
}
