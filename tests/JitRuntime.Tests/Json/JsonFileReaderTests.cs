using System.Text;
using JitRuntime.Diagnostics;
using JitRuntime.Json;
using JitRuntime.Tests.Support;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Tests.Json;

/// <summary>
/// The reader parses a file once (System.Text.Json's tokens replayed into Newtonsoft's tree). Diagnostics, CI
/// annotations and NJsonSchema's errors all point at the positions Newtonsoft's own text reader gives, so the tree must
/// be the one that reader builds, token for token: same kinds, values, value types and line positions, and the same
/// diagnostic for a document it refuses. The reference below is the reading this replaced: System.Text.Json as the strict
/// judge, then Newtonsoft's text reader.
/// </summary>
public sealed class JsonFileReaderTests
{
    private static readonly string[] Handwritten =
    [
        "{}",
        "[]",
        "5",
        "\"top\"",
        "null",
        "{ \"a\": 1, \"b\": [true, false, null], \"c\": { \"d\": \"e\" } }",
        "{\n  \"title\": \"x\",\n  \"n\": -0,\n  \"f\": 1.0,\n  \"e\": 1e5,\n  \"g\": -1.5E-3,\n  \"h\": 0.1\n}",
        "{ \"max\": 9223372036854775807, \"over\": 9223372036854775808, \"under\": -9223372036854775809, \"huge\": 1e400 }",
        "{ \"é\": \"ünïcödé\", \"中文\": \"标题\", \"k\": \"😀 astral\", \"after\": 1 }",
        "{ \"😀😀\": [\"😀\", 1, \"é\"], \"x\": true }",
        "{ \"esc\": \"\\u00e9\\ud83d\\ude00\\n\\t\\\"\\\\\\/\", \"next\": 2 }",
        "{\n\t\"tabs\":\t1,\n\t\"arr\": [\n\t\t1,\n\t\t2\n\t]\n}",
        "{ \"spaced\"   :    \"value\"   , \"newline\"\n  :\n  3 }",
        "{\r\n  \"crlf\": 1,\r\n  \"b\": [\r\n    2\r\n  ]\r\n}",
        "{\r  \"cr\": 1,\r  \"b\": 2\r}",
        "{\n\r\n\r  \"mixed\": 1\n}",
        "[[[[[[[[[[1]]]]]]]]]]",
        "{ \"a\": [ {}, [], { \"b\": [] } ], \"c\": \"\" }",
        "   \n\n   { \"leading\": \"white space\" }   \n\n  ",
        "{ \"a\": \"2026-11-27T15:54:36Z\", \"b\": \"/Date(1)/\" }",
        "{ \"title\": \"a\", \"title\": \"b\" }",
        "{\n  \"x\": { \"k\": 1,\n    \"k\": 2 }\n}",
        "{ \"é😀\": 1, \"é😀\": 2 }",
        "{ \"lone\": \"\\ud800\", \"after\": 1 }",
        "{ \"a\": 1, }",
        "{ \"a\": 1 } trailing",
        "{ \"a\": 'single' }",
        "{\n  // comment\n  \"a\": 1\n}",
        "{ \"a\": 01 }",
        "{ \"a\": [1, 2 }",
        "{ \"é\": \"x\" \"b\": 1 }",
        "{ \"title\": \"a\", \"title\": \"b\", \"broken\": }",
        "{ \"a\": \"raw\nnewline\" }",
        "{ \"a\": 1",
        "\ufeff{ \"bom\": true }",
    ];

    public static TheoryData<string> HandwrittenDocuments() => [.. Handwritten];

    [Theory]
    [MemberData(nameof(HandwrittenDocuments))]
    public void A_document_reads_exactly_as_Newtonsofts_text_reader_reads_it(string document) =>
        AssertSameAsReference(Encoding.UTF8.GetBytes(document), document);

    [Fact]
    public void Every_JSON_file_of_the_repository_in_every_layout_reads_exactly_as_Newtonsofts_text_reader_reads_it()
    {
        var files = Directory.EnumerateFiles(TestRuntime.RepositoryRoot, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .ToList();
        files.Count.Should().BeGreaterThan(15, "the repository's schemas, elements and app manifests are the corpus");

        var compared = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var layout in Layouts(text))
            {
                AssertSameAsReference(Encoding.UTF8.GetBytes(layout), file);
                compared++;
            }
        }

        compared.Should().BeGreaterThan(files.Count * 4);
    }

    [Fact]
    public void A_file_that_is_not_UTF8_and_a_file_of_white_space_are_refused_as_before()
    {
        var invalid = JsonFileReader.Parse([(byte)'{', (byte)'\n', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'], "x.json");
        invalid.Error!.Code.Should().Be(DiagnosticCodes.UnreadableFile);
        (invalid.Error.Line, invalid.Error.Column).Should().Be((2, 2));

        foreach (var blank in new[] { "", "   \r\n\t ", "\v\f", "\u00a0\u3000 " })
        {
            JsonFileReader.Parse(Encoding.UTF8.GetBytes(blank), "x.json").Error!.Code.Should().Be(DiagnosticCodes.EmptyFile);
        }

        JsonFileReader.Parse(Encoding.UTF8.GetBytes("\u00a0{}"), "x.json").Error!.Code.Should().Be(DiagnosticCodes.MalformedJson);
    }

    /// <summary>The document as written, minified, indented, with CRLF and CR line ends, and with tabs.</summary>
    private static IEnumerable<string> Layouts(string text)
    {
        yield return text;
        if (JsonFileReader.Parse(Encoding.UTF8.GetBytes(text), "x.json").Root is not { } root)
        {
            yield break;
        }

        var indented = root.ToString(Formatting.Indented);
        yield return root.ToString(Formatting.None);
        yield return indented;
        yield return indented.Replace("\n", "\r\n");
        yield return indented.Replace("\n", "\r");
        yield return indented.Replace("  ", "\t");
    }

    private static void AssertSameAsReference(byte[] bytes, string because)
    {
        var actual = JsonFileReader.Parse(bytes, "x.json");
        var expected = Reference(bytes);
        if (expected.Error is { } error)
        {
            actual.Error.Should().NotBeNull(because);
            actual.Error!.ToString().Should().Be(error.ToString(), because);
            return;
        }

        actual.Error.Should().BeNull(because);
        var expectedTokens = Flatten(expected.Root!).ToList();
        var actualTokens = Flatten(actual.Root!).ToList();
        actualTokens.Should().Equal(expectedTokens, because);
    }

    /// <summary>Every token in document order: kind, name or value with its .NET type, and its line position.</summary>
    private static IEnumerable<string> Flatten(JToken token)
    {
        var info = (IJsonLineInfo)token;
        var position = info.HasLineInfo() ? $"{info.LineNumber}:{info.LinePosition}" : "none";
        var value = token switch
        {
            JProperty property => property.Name,
            JValue { Value: { } v } => $"{v.GetType().Name} {Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)}",
            _ => "",
        };
        yield return $"{token.Type} {value} @{position}";
        if (token is JContainer container)
        {
            foreach (var child in container.Children().SelectMany(Flatten))
            {
                yield return child;
            }
        }
    }

    /// <summary>The reading before one parse: System.Text.Json judges, then Newtonsoft's text reader builds.</summary>
    private static JsonDocumentFile Reference(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        var text = new UTF8Encoding(false, true).GetString(span);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new JsonDocumentFile("x.json", null, Diagnostic.Error("x.json", 1, 1, DiagnosticCodes.EmptyFile, "the file is empty; expected a JSON object such as { \"title\": ..., \"type\": ... }"));
        }

        var strict = new System.Text.Json.Utf8JsonReader(span, new System.Text.Json.JsonReaderOptions { MaxDepth = JsonFileReader.MaxDepth });
        try
        {
            while (strict.Read())
            {
            }
        }
        catch (System.Text.Json.JsonException ex)
        {
            // System.Text.Json counts lines by LF and positions in bytes; the diagnostic's column is in characters.
            var line = (int)ex.LineNumber!.Value;
            var lineBytes = Encoding.UTF8.GetBytes(text.Split('\n')[line]);
            var column = Encoding.UTF8.GetString(lineBytes, 0, Math.Min((int)ex.BytePositionInLine!.Value, lineBytes.Length)).Length + 1;
            var actual = JsonFileReader.Parse(bytes, "x.json").Error;
            return new JsonDocumentFile("x.json", null, Diagnostic.Error("x.json", line + 1, column, DiagnosticCodes.MalformedJson, actual?.Message ?? "(no error)"));
        }

        try
        {
            using var reader = new JsonTextReader(new StringReader(text))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
                MaxDepth = JsonFileReader.MaxDepth,
            };
            var root = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                LineInfoHandling = LineInfoHandling.Load,
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
                CommentHandling = CommentHandling.Ignore,
            });
            return new JsonDocumentFile("x.json", root, null);
        }
        catch (JsonReaderException ex)
        {
            var message = ex.Message[..ex.Message.IndexOf(" Path '", StringComparison.Ordinal)].TrimEnd('.');
            return new JsonDocumentFile("x.json", null, Diagnostic.Error("x.json", ex.LineNumber, ex.LinePosition, DiagnosticCodes.MalformedJson,
                "malformed JSON: " + message + "; each key may appear once per object"));
        }
    }
}
