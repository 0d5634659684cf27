using System.Text.Json.Nodes;

namespace JitRuntime.Calls;

/// <summary>A function's arguments as a JSON Schema object (draft 2020-12 keywords), for tool listings such as MCP's.</summary>
public static class FunctionJsonSchema
{
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
