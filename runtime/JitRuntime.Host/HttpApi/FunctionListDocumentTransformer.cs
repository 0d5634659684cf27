using System.Text.Json.Nodes;
using JitRuntime.Calls;
using JitRuntime.Composition;
using JitRuntime.Elements;
using JitRuntime.Host.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// Writes the served app's effective functionLists into the OpenAPI document (<c>/openapi/v1.json</c>): one
/// <c>POST /api/elements/{fullName}/{function}</c> operation per callable function, its request body from the args'
/// dataTypes, the problem+json error shape, and the bearer scheme on <c>loginRequired</c> functions. Built per
/// request from the app as loaded now, so a hot reload shows at once.
/// </summary>
internal sealed class FunctionListDocumentTransformer(JitAppHolder holder, ElementDispatcher dispatcher, IEnumerable<ProblemExtension> problemExtensions) : IOpenApiDocumentTransformer
{
    private const string BearerScheme = "bearer";
    private const string ProblemSchema = "Problem";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var app = holder.Current;
        var manifest = app.Manifest;
        document.Info = new OpenApiInfo
        {
            Title = manifest?.Title ?? manifest?.Name ?? "JitRuntime app",
            Version = manifest?.Version ?? "0",
            Description = $"The callable functions of app '{manifest?.Name}' (its elements' effective functionLists). Each is also served at " +
                $"JitAi's path /api/{manifest?.OrgId}/{manifest?.Name}/{{element/path/with/slashes}}/{{function}}. Errors are application/problem+json with a stable 'code'.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = $"A session token{(dispatcher.SessionSource is { } source ? $" from {source}" : "")}; needed by functions with loginRequired 1.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem(problemExtensions);
        document.Paths ??= [];

        foreach (var callable in ElementDispatcher.Callable(app))
        {
            document.Paths[$"/api/elements/{callable.Element.FullName}/{callable.Function.Name}"] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = Operation(document, callable.Element, callable.Function) },
            };
        }

        return Task.CompletedTask;
    }

    private static OpenApiOperation Operation(OpenApiDocument document, LoadedElement element, ElementFunction function)
    {
        var problem = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ProblemSchema, document) };
        var operation = new OpenApiOperation
        {
            OperationId = $"{element.FullName}.{function.Name}",
            Summary = function.Title,
            Description = $"{element.Title ?? element.FullName}: {function.Title}. loginRequired {(function.LoginRequired ? 1 : 0)}.",
            Tags = new HashSet<OpenApiTagReference> { new(element.FullName, document) },
            RequestBody = new OpenApiRequestBody
            {
                Required = function.Args.Any(a => a.Required),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = Arguments(document, function) } },
            },
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = function.ResultType is { } type ? $"The function's result ({type.Name})" : "The function returns nothing",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new()
                        {
                            Schema = Result(document, function),
                            Example = function.ResultExample is { } example ? JsonNode.Parse(example) : null,
                        },
                    },
                },
                ["default"] = new OpenApiResponse
                {
                    Description = "An error: 4xx for the caller's mistakes, 502/503/504 for upstream services and storage",
                    Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = problem },
                },
            },
        };
        if (function.LoginRequired)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }

        return operation;
    }

    /// <summary>The request schema: the same JSON Schema MCP lists (<see cref="FunctionJsonSchema"/>), read into the OpenAPI model.</summary>
    private static OpenApiSchema Arguments(OpenApiDocument document, ElementFunction function) =>
        Microsoft.OpenApi.Reader.OpenApiModelFactory.Parse<OpenApiSchema>(FunctionJsonSchema.Arguments(function).ToJsonString(), OpenApiSpecVersion.OpenApi3_1,
            document, out _, Microsoft.OpenApi.OpenApiConstants.Json)
        ?? throw new InvalidOperationException($"the arguments of {function.Name} are not a schema OpenAPI reads");

    /// <summary>The result schema: the same JSON Schema MCP lists as the tool's output (<see cref="FunctionJsonSchema.Result"/>), from the C# type.</summary>
    private static OpenApiSchema Result(OpenApiDocument document, ElementFunction function) =>
        Microsoft.OpenApi.Reader.OpenApiModelFactory.Parse<OpenApiSchema>(FunctionJsonSchema.Result(function).ToJsonString(), OpenApiSpecVersion.OpenApi3_1,
            document, out _, Microsoft.OpenApi.OpenApiConstants.Json)
        ?? throw new InvalidOperationException($"the result of {function.Name} is not a schema OpenAPI reads");

    /// <summary>RFC 9457's members, the runtime's <c>code</c>, and what the families add to their refusals (WeChat's <c>errcode</c>).</summary>
    private static OpenApiSchema Problem(IEnumerable<ProblemExtension> extensions)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable code such as bind_code_expired" },
        };
        var added = new List<string>();
        foreach (var extension in extensions)
        {
            properties[extension.Name] = new OpenApiSchema { Type = JsonTypeOf(extension.JsonType), Description = extension.Description };
            added.Add(extension.Description);
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "RFC 9457 problem details with a stable machine-readable code" + (added.Count > 0 ? $" (and {string.Join("; ", added)})" : ""),
            Required = new HashSet<string> { "status", "code", "detail" },
            Properties = properties,
        };
    }

    private static JsonSchemaType JsonTypeOf(string type) => type switch
    {
        "string" => JsonSchemaType.String,
        "integer" => JsonSchemaType.Integer,
        "number" => JsonSchemaType.Number,
        "boolean" => JsonSchemaType.Boolean,
        _ => throw new InvalidOperationException($"unreachable: AddProblemExtension refuses the type '{type}'"),
    };
}
