using JitRuntime.Diagnostics;
using JitRuntime.Schemas;
using JitRuntime.Tests.Support;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace JitRuntime.Tests.Schemas;

/// <summary>
/// The quick schema reader (for cold start) must build what NJsonSchema's own reader builds, as far as validation can
/// tell: every shipped schema is read by it, and on valid documents and a few hundred seeded mutations of them both
/// give exactly the same diagnostics. A keyword it does not know leaves the file to NJsonSchema.
/// </summary>
public sealed class SchemaDocumentReaderTests
{
    private static readonly string SchemaDirectory = Path.Combine(TestRuntime.RepositoryRoot, "schemas");

    /// <summary>A valid document for every shipped schema.</summary>
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["app.schema.json"] = """{ "name": "app", "title": "App", "version": "1.0.0", "extends": ["../base"], "settings": { "defaultElement": { "defaultDatabase": "databases.Default" }, "WeChat": { "Timeout": "00:00:05" } } }""",
        ["element.schema.json"] = """{ "title": "T", "type": "a.b.C", "backendBundleEntry": ".", "frontBundleEntry": "./c.json", "tag": "x", "accessModifier": "public", "functionList": [{ "name": "f", "title": "F", "args": [{ "name": "a", "dataType": "Stext" }], "returnType": "JitDict" }] }""",
        ["auths.loginTypes.PasswordType.element.schema.json"] = """{ "title": "Password", "type": "auths.loginTypes.PasswordType", "allowRegister": 1, "lockout": { "maxFailures": 5, "windowMinutes": 15 } }""",
        ["auths.loginTypes.WeChatMiniType.element.schema.json"] = """{ "title": "Login", "type": "auths.loginTypes.WeChatMiniType", "backendBundleEntry": ".", "frontBundleEntry": "./login.json", "allowRegister": 1 }""",
        ["auths.loginTypes.WeChatMiniType.config.schema.json"] = """{ "authConfig": { "appId": "wx0123456789abcdef", "appSecret": "${SECRET}" } }""",
        ["auths.loginTypes.services.AuthSvcType.element.schema.json"] = """{ "title": "Sessions", "type": "auths.loginTypes.services.AuthSvcType", "sessionLifetimeMinutes": 60 }""",
        ["databases.SqliteType.config.schema.json"] = """{ "dbType": "sqlite", "dbConfig": { "database": "data/app.db" } }""",
        ["databases.PgSqlType.config.schema.json"] = """{ "host": "db", "port": 5432, "dbname": "app", "user": "jit", "password": "${PG}", "maxPoolSize": 20, "sslMode": "Prefer" }""",
    };

    public static TheoryData<string> SchemaFiles() => SchemaFileTests.SchemaFiles();

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public async Task Every_shipped_schema_is_read_by_the_quick_reader_and_validates_as_NJsonSchemas_reading_does(string file)
    {
        Examples.Should().ContainKey(file, "every shipped schema needs an example here");
        var quick = ReadQuick(file);
        quick.Should().NotBeNull("the quick reader must know every keyword the shipped schemas use");
        var reference = await JsonSchema.FromFileAsync(Path.Combine(SchemaDirectory, file));

        var random = new Random(file.Length * 7919);
        var documents = new List<JToken> { JToken.Parse(Examples[file]) };
        for (var i = 0; i < 60; i++)
        {
            documents.Add(Mutate(JToken.Parse(Examples[file]), random));
        }

        foreach (var document in documents)
        {
            var text = document.ToString(Newtonsoft.Json.Formatting.None);
            Diagnostics(quick!, document).Should().Equal(Diagnostics(reference, document), text);

            // The fast check may send a valid document on to NJsonSchema, never pass an invalid one.
            var errors = reference.Validate(document);
            if (SchemaFastCheck.IsCertainlyValid(quick!, document) || SchemaFastCheck.IsCertainlyValid(reference, document))
            {
                errors.Should().BeEmpty($"the fast check passed {text}");
            }
        }

        SchemaFastCheck.IsCertainlyValid(quick!, documents[0]).Should().BeTrue("the example is valid and uses only what the fast check knows");
    }

    [Theory]
    [InlineData("""{ "type": "string", "maxLength": 3 }""", "\"e\u0301e\u0301\"")]
    [InlineData("""{ "type": "string", "pattern": "^\\d+$" }""", "\"\u0663\"")]
    [InlineData("""{ "type": "integer" }""", "2.0")]
    [InlineData("""{ "type": "object", "required": ["a"] }""", "{ \"a\": null }")]
    [InlineData("""{ "type": "string", "format": "email" }""", "\"x\"")]
    public async Task The_fast_check_leaves_doubtful_cases_to_NJsonSchema(string schema, string document)
    {
        var built = SchemaDocumentReader.TryRead(JObject.Parse(schema), _ => null) ?? await NJsonSchema.JsonSchema.FromJsonAsync(schema);

        SchemaFastCheck.IsCertainlyValid(built, JToken.Parse(document)).Should().BeFalse();
    }

    [Theory]
    [InlineData("""{ "type": "object", "properties": { "a": { "type": "string", "format": "email" } } }""")]
    [InlineData("""{ "type": "object", "oneOf": [{ "required": ["a"] }, { "required": ["b"] }] }""")]
    [InlineData("""{ "type": "object", "properties": { "a": { "$ref": "#/properties/b" }, "b": { "type": "string" } } }""")]
    [InlineData("""{ "type": "object", "minProperties": 1 }""")]
    public void A_schema_with_anything_outside_the_supported_keywords_is_left_to_NJsonSchema(string schema)
    {
        SchemaDocumentReader.TryRead(JObject.Parse(schema), _ => null).Should().BeNull();
    }

    [Fact]
    public async Task The_store_falls_back_to_NJsonSchema_and_still_validates_what_the_quick_reader_does_not_know()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "x.schema.json"), """{ "type": "object", "properties": { "n": { "type": "integer", "multipleOf": 5 } } }""");

        var schema = await new SchemaStore(folder.Path).GetAsync("x.schema.json");

        schema.Validate(JToken.Parse("""{ "n": 7 }""")).Should().ContainSingle().Which.Kind.Should().Be(NJsonSchema.Validation.ValidationErrorKind.NumberNotMultipleOf);
    }

    private static JsonSchema? ReadQuick(string file) =>
        SchemaDocumentReader.TryRead(JObject.Parse(File.ReadAllText(Path.Combine(SchemaDirectory, file))), ReadQuick);

    private static List<string> Diagnostics(JsonSchema schema, JToken document)
    {
        var diagnostics = new List<Diagnostic>();
        SchemaErrorTranslator.Validate(schema, document, "doc.json", null, diagnostics);
        return diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>One to three random changes: a value of another type or out of range, a key removed or added.</summary>
    private static JToken Mutate(JToken document, Random random)
    {
        for (var changes = random.Next(1, 4); changes > 0; changes--)
        {
            var tokens = ((JContainer)document).DescendantsAndSelf().ToList();
            var target = tokens[random.Next(tokens.Count)];
            switch (random.Next(5))
            {
                case 0 when target.Parent is JProperty property:
                    property.Value = Values(random)[random.Next(Values(random).Length)];
                    break;
                case 1 when target.Parent is JProperty { Parent: JObject } property:
                    property.Remove();
                    break;
                case 2 when target is JObject obj:
                    obj["extra" + random.Next(100)] = Values(random)[random.Next(Values(random).Length)];
                    break;
                case 3 when target is JValue { Type: JTokenType.Integer } number && number.Parent is JProperty property:
                    property.Value = (long)number * 1000 + 70000;
                    break;
                case 4 when target is JValue { Type: JTokenType.String } text && text.Parent is JProperty property:
                    property.Value = new string('x', random.Next(0, 2) == 0 ? 0 : 600) + "?";
                    break;
            }
        }

        return document;
    }

    private static JToken[] Values(Random random) =>
        [new JValue("text"), new JValue(""), new JValue(random.Next(-5, 5)), new JValue(2.5), new JValue(true), JValue.CreateNull(), new JObject(), new JArray(1, "a")];

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("jit-schema-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
