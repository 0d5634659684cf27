using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace JitRuntime.Calls;

/// <summary>
/// A function's arguments and result as JSON Schema objects (draft 2020-12 keywords), for the OpenAPI document, MCP's
/// input and output schemas and the listings.
/// </summary>
public static class FunctionJsonSchema
{
    // The results' own serializer settings (camelCase, enums as strings, nulls left out where the type says so).
    // Numbers are written as numbers: the schema says so (the web defaults would also allow strings, for reading).
    private static readonly JsonSerializerOptions ResultOptions = new(ElementJson.Options)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    private static readonly ConcurrentDictionary<Type, JsonObject> Results = new();

    /// <summary>
    /// The result's schema, from the C# type the function returns as the API writes it: its properties (camelCase), their
    /// types, which can be absent or null, and descriptions from the type's XML documentation. <c>{"type": "null"}</c> for
    /// a function that returns nothing. A copy: change it freely.
    /// </summary>
    public static JsonObject Result(ElementFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return function.ResultType is not { } type
            ? new JsonObject { ["type"] = "null" }
            : (JsonObject)Results.GetOrAdd(type, static t => (JsonObject)ResultOptions.GetJsonSchemaAsNode(t, new JsonSchemaExporterOptions
            {
                TreatNullObliviousAsNonNullable = true,
                TransformSchemaNode = (context, schema) =>
                {
                    if (context.PropertyInfo is null && context.TypeInfo.Kind == JsonTypeInfoKind.Object && schema is JsonObject { } objectNode)
                    {
                        MarkOptional(context.TypeInfo, objectNode);
                    }

                    var member = context.PropertyInfo is { } property ? property.AttributeProvider as System.Reflection.MemberInfo : context.TypeInfo.Type;
                    if (member is not null && XmlDocs.Summary(member) is { } summary && schema is JsonObject node && !node.ContainsKey("description"))
                    {
                        node["description"] = summary;
                    }

                    return schema;
                },
            })).DeepClone();
    }

    /// <summary>
    /// Which properties a result always has: a property left out when null (<c>JsonIgnoreCondition.WhenWritingNull</c>)
    /// is optional and, when present, never null; every other one is required.
    /// </summary>
    private static void MarkOptional(JsonTypeInfo type, JsonObject schema)
    {
        if (schema["properties"] is not JsonObject properties)
        {
            return;
        }

        var required = new JsonArray();
        foreach (var property in type.Properties)
        {
            var ignore = property.AttributeProvider?.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: true)
                .OfType<System.Text.Json.Serialization.JsonIgnoreAttribute>().FirstOrDefault();
            if (ignore?.Condition == System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)
            {
                if (properties[property.Name] is JsonObject { } node && node["type"] is JsonArray types)
                {
                    var kept = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
                    node["type"] = kept.Count == 1 ? kept[0] : new JsonArray(kept.Select(t => (JsonNode)t).ToArray());
                }
            }
            else
            {
                required.Add(property.Name);
            }
        }

        schema["required"] = required;
    }

    /// <summary><c>{"type": "object", "properties": {...}, "required": [...], "additionalProperties": false}</c>.</summary>
    public static JsonObject Arguments(ElementFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var properties = new JsonObject();
        foreach (var arg in function.Args)
        {
            properties[arg.Name] = Argument(arg);
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["required"] = new JsonArray(function.Args.Where(a => a.Required).Select(a => (JsonNode)a.Name).ToArray()),
            ["additionalProperties"] = false,
        };
    }

    /// <summary>One argument's schema from its JitAi dataType.</summary>
    public static JsonObject Argument(ElementFunctionArg arg)
    {
        ArgumentNullException.ThrowIfNull(arg);
        var schema = arg.DataType switch
        {
            ElementDataTypes.Stext or ElementDataTypes.Ltext => new JsonObject { ["type"] = "string" },
            ElementDataTypes.Numeric => new JsonObject { ["type"] = "number" },
            ElementDataTypes.Checkbox => new JsonObject { ["type"] = "integer", ["enum"] = new JsonArray(0, 1) },
            ElementDataTypes.Datetime => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            ElementDataTypes.JitList => new JsonObject { ["type"] = "array" },
            _ => new JsonObject { ["type"] = "object" },
        };
        if (arg.MaxLen is { } max)
        {
            schema["maxLength"] = max;
        }

        schema["title"] = arg.Title;
        schema["description"] = $"JitAi dataType {arg.DataType}";
        return schema;
    }
}
