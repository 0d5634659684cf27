using System.Globalization;
using JitRuntime.Diagnostics;
using JitRuntime.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace JitRuntime.Schemas;

/// <summary>
/// Turns NJsonSchema's validation errors into diagnostics with stable codes and messages that say what was
/// expected. Messages name keys and rules, never the offending values: a configuration value may be a secret.
/// </summary>
internal static class SchemaErrorTranslator
{
    /// <summary>Validates <paramref name="document"/> and appends one diagnostic per broken rule.</summary>
    /// <param name="schema">The schema to check against.</param>
    /// <param name="document">A token parsed with line information.</param>
    /// <param name="path">The file path diagnostics print.</param>
    /// <param name="codeOverride">When set, every diagnostic gets this code (business configuration files have one code).</param>
    /// <param name="diagnostics">Where to append.</param>
    public static void Validate(JsonSchema schema, JToken document, string path, string? codeOverride, List<Diagnostic> diagnostics)
    {
        if (SchemaFastCheck.IsCertainlyValid(schema, document))
        {
            return; // what NJsonSchema would find: nothing (see SchemaFastCheck); its validator reports the rest
        }

        foreach (var error in schema.Validate(document))
        {
            Translate(error, path, codeOverride, diagnostics);
        }
    }

    private static void Translate(ValidationError error, string path, string? codeOverride, List<Diagnostic> diagnostics)
    {
        switch (error)
        {
            // Schemas close their objects so that editors flag typos; the loader reports them itself, as JIT045 with a
            // suggestion (a warning unless strict), since draft-07 cannot close an object across allOf.
            case { Kind: ValidationErrorKind.NoAdditionalPropertiesAllowed }:
                return;
            // allOf: every branch applies, so every branch's errors are the user's to fix.
            case ChildSchemaValidationError { Kind: ValidationErrorKind.NotAllOf or ValidationErrorKind.ArrayItemNotValid or ValidationErrorKind.AdditionalPropertiesNotValid or ValidationErrorKind.AdditionalItemNotValid } child:
                foreach (var inner in child.Errors.Values.SelectMany(e => e))
                {
                    Translate(inner, path, codeOverride, diagnostics);
                }

                return;
            case ChildSchemaValidationError child:
                var branches = child.Errors.Values.Select(errors => string.Join("; ", errors.Select(Describe)));
                Add(error, path, codeOverride ?? DiagnosticCodes.SchemaViolation,
                    $"{Subject(error)} matches none of the allowed shapes ({string.Join(" | ", branches)})", diagnostics);
                return;
            case MultiTypeValidationError multi:
                Add(error, path, codeOverride ?? DiagnosticCodes.WrongValueType,
                    $"{Subject(error)} must be {string.Join(" or ", multi.Errors.Keys.Select(TypeName))}", diagnostics);
                return;
        }

        Add(error, path, codeOverride ?? CodeOf(error.Kind), Describe(error), diagnostics);
    }

    private static void Add(ValidationError error, string path, string code, string message, List<Diagnostic> diagnostics)
    {
        var (line, column) = error.HasLineInfo ? (error.LineNumber, Math.Max(error.LinePosition, 1)) : LineInfo.Of(error.Token);
        diagnostics.Add(Diagnostic.Error(path, line, column, code, message));
    }

    private static string CodeOf(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.PropertyRequired => DiagnosticCodes.MissingRequiredKey,
        ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected or ValidationErrorKind.IntegerExpected
            or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
            or ValidationErrorKind.NullExpected or ValidationErrorKind.NoTypeValidates => DiagnosticCodes.WrongValueType,
        ValidationErrorKind.PatternMismatch or ValidationErrorKind.StringTooShort or ValidationErrorKind.StringTooLong
            or ValidationErrorKind.NumberTooSmall or ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig
            or ValidationErrorKind.TooManyItems or ValidationErrorKind.TooFewItems or ValidationErrorKind.NotInEnumeration
            or ValidationErrorKind.NumberNotMultipleOf or ValidationErrorKind.IntegerNotMultipleOf
            or ValidationErrorKind.ItemsNotUnique => DiagnosticCodes.ValueNotAllowed,
        _ => DiagnosticCodes.SchemaViolation,
    };

    private static string Describe(ValidationError error)
    {
        var schema = error.Schema;
        var subject = Subject(error);
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired =>
                $"missing required key '{error.Property}'{(Location(error.Token) is { Length: > 0 } at ? $" in '{at}'" : "")}",
            ValidationErrorKind.StringExpected => $"{subject} must be a string",
            ValidationErrorKind.NumberExpected => $"{subject} must be a number",
            ValidationErrorKind.IntegerExpected => $"{subject} must be an integer",
            ValidationErrorKind.BooleanExpected => $"{subject} must be true or false",
            ValidationErrorKind.ObjectExpected => $"{subject} must be an object",
            ValidationErrorKind.ArrayExpected => $"{subject} must be an array",
            ValidationErrorKind.NullExpected => $"{subject} must be null",
            ValidationErrorKind.NumberTooSmall => $"{subject} must be at least {Format(schema?.Minimum)}",
            ValidationErrorKind.NumberTooBig or ValidationErrorKind.IntegerTooBig => $"{subject} must be at most {Format(schema?.Maximum)}",
            ValidationErrorKind.StringTooShort => $"{subject} must be at least {schema?.MinLength} characters long",
            ValidationErrorKind.StringTooLong => $"{subject} must be at most {schema?.MaxLength} characters long",
            ValidationErrorKind.TooFewItems => $"{subject} must have at least {schema?.MinItems} items",
            ValidationErrorKind.TooManyItems => $"{subject} must have at most {schema?.MaxItems} items",
            ValidationErrorKind.NotInEnumeration =>
                $"{subject} must be one of: {string.Join(", ", schema?.Enumeration.Select(FormatEnumValue) ?? [])}",
            ValidationErrorKind.PatternMismatch =>
                $"{subject} has the wrong form; expected {schema?.Description ?? "a value matching " + schema?.Pattern}",
            _ => $"{subject} breaks the schema rule {error.Kind}",
        };
    }

    private static string Subject(ValidationError error)
    {
        var location = Location(error.Token);
        return location.Length == 0 ? "the document" : $"'{location}'";
    }

    /// <summary>The key path of a token (<c>authConfig.appId</c>), without the value.</summary>
    private static string Location(JToken? token) => token?.Path ?? "";

    private static string TypeName(JsonObjectType type) => type switch
    {
        JsonObjectType.Integer => "an integer",
        JsonObjectType.Number => "a number",
        JsonObjectType.String => "a string",
        JsonObjectType.Boolean => "true or false",
        JsonObjectType.Object => "an object",
        JsonObjectType.Array => "an array",
        JsonObjectType.Null => "null",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string FormatEnumValue(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
