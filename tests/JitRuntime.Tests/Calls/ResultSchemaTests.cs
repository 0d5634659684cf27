using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using JitRuntime.Calls;
using JitRuntime.Types;
using JitRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Calls;

/// <summary>Every shipped function's result schema comes from its C# return type: its properties, their optionality, descriptions, a matching example.</summary>
public sealed class ResultSchemaTests
{
    public static TheoryData<string, string> ShippedFunctions()
    {
        using var services = TestRuntime.Services();
        var data = new TheoryData<string, string>();
        foreach (var type in services.GetRequiredService<ElementTypeRegistry>().All.Where(t => t.Kind == ElementKind.Type))
        {
            foreach (var function in TypeFunctions.Of(type.ClrType))
            {
                data.Add(type.Name, function.Name);
            }
        }

        return data;
    }

    private static (ElementFunction Function, Type ClrType) Find(string type, string function)
    {
        using var services = TestRuntime.Services();
        services.GetRequiredService<ElementTypeRegistry>().TryGet(type, out var descriptor).Should().BeTrue();
        return (TypeFunctions.Of(descriptor.ClrType).Single(f => f.Name == function), descriptor.ClrType);
    }

    [Theory]
    [MemberData(nameof(ShippedFunctions))]
    public void The_result_schema_names_every_property_of_the_C_sharp_result_and_the_example_fits_it(string type, string function)
    {
        var (found, _) = Find(type, function);
        found.ResultType.Should().NotBeNull($"{type}.{function} answers a result");
        var schema = FunctionJsonSchema.Result(found);

        schema["type"]!.GetValue<string>().Should().Be("object");
        var properties = schema["properties"]!.AsObject();
        var expected = found.ResultType!.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToList();
        properties.Select(p => p.Key).Should().BeEquivalentTo(expected, $"{type}.{function}'s result schema names the properties of {found.ResultType.Name}");
        properties.Should().OnlyContain(p => p.Value!["description"] != null, "each property is described from its XML documentation");

        found.ResultExample.Should().NotBeNull($"{type}.{function} gives an example");
        var example = JsonNode.Parse(found.ResultExample!)!.AsObject();
        example.Select(p => p.Key).Should().BeSubsetOf(expected, "the example uses the result's own names");
        example.Select(p => p.Key).Should().Contain(schema["required"]!.AsArray().Select(r => r!.GetValue<string>()), "the example has every required property");
    }

    [Fact]
    public void A_property_left_out_when_null_is_optional_and_never_null_and_numbers_are_numbers()
    {
        var schema = FunctionJsonSchema.Result(Find("auths.loginTypes.WeChatMiniType", "getLoginCode").Function);

        schema["required"]!.AsArray().Select(r => r!.GetValue<string>()).Should().Equal("expiresIn");
        schema["properties"]!["bindCode"]!["type"]!.GetValue<string>().Should().Be("string");
        schema["properties"]!["expiresIn"]!["type"]!.GetValue<string>().Should().Be("integer");
        schema["properties"]!["corpList"]!["items"]!["properties"]!["corpName"].Should().NotBeNull();
    }
}
