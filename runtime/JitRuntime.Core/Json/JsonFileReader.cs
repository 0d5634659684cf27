using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using JitRuntime.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Json;

/// <summary>
/// Reads JSON files strictly (RFC 8259: no comments, no trailing commas, no duplicate keys) and keeps line
/// information on every token so that schema errors can point at the offending line.
/// </summary>
public static class JsonFileReader
{
    /// <summary>Files larger than this are refused before they are read.</summary>
    public const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>Nesting deeper than this is refused.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonLoadSettings LoadSettings = new()
    {
        LineInfoHandling = LineInfoHandling.Load,
        DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
        CommentHandling = CommentHandling.Ignore,
    };

    /// <summary>Reads and parses <paramref name="fullPath"/>; never throws for a bad file.</summary>
    /// <param name="fullPath">The file's absolute path.</param>
    /// <param name="displayPath">The path diagnostics print (relative to the app folder).</param>
    /// <param name="maxBytes">Size limit.</param>
    public static JsonDocumentFile Read(string fullPath, string displayPath, int maxBytes = DefaultMaxBytes)
    {
        byte[] buffer;
        int length;
        try
        {
            (buffer, length) = ReadBounded(fullPath, maxBytes);
        }
        catch (FileTooLargeException ex)
        {
            return Fail(displayPath, 0, 0, DiagnosticCodes.FileTooLarge,
                $"the file is {ex.Length:N0} bytes; at most {maxBytes:N0} bytes are read");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(displayPath, 0, 0, DiagnosticCodes.UnreadableFile, $"the file cannot be read: {ex.Message}");
        }

        try
        {
            return Parse(buffer.AsSpan(0, length), displayPath);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer); // The parsed tree holds no reference to the bytes.
        }
    }

    /// <summary>Parses UTF-8 bytes (an optional byte order mark is skipped).</summary>
    public static JsonDocumentFile Parse(ReadOnlySpan<byte> bytes, string displayPath)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        if (!Utf8.IsValid(bytes))
        {
            var (line, column) = FindInvalidUtf8(bytes);
            return Fail(displayPath, line, column, DiagnosticCodes.UnreadableFile,
                "the file is not valid UTF-8; save it as UTF-8");
        }

        if (IsBlank(bytes))
        {
            return Fail(displayPath, 1, 1, DiagnosticCodes.EmptyFile, "the file is empty; expected a JSON object such as { \"title\": ..., \"type\": ... }");
        }

        // One parse: System.Text.Json is the strict judge of well-formedness and its tokens, with Newtonsoft's line
        // positions, build the tree that NJsonSchema reports against.
        Utf8TokenReader tokens;
        try
        {
            tokens = Utf8TokenReader.Tokenize(bytes, MaxDepth);
        }
        catch (System.Text.Json.JsonException ex)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = CharColumn(text, line, (int)(ex.BytePositionInLine ?? 0)) + 1;
            return Fail(displayPath, line, column, DiagnosticCodes.MalformedJson, DescribeStrictError(ex.Message));
        }
        catch (InvalidOperationException)
        {
            // Well-formed, but a string System.Text.Json will not turn into .NET text (a lone surrogate escape such as
            // "\ud800"): Newtonsoft reads it, as it always did.
            using var newtonsoft = new JsonTextReader(new StringReader(Encoding.UTF8.GetString(bytes)))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Double,
                MaxDepth = MaxDepth,
            };
            return Build(newtonsoft, displayPath);
        }

        using (tokens)
        {
            return Build(tokens, displayPath);
        }
    }

    private static JsonDocumentFile Build(JsonReader reader, string displayPath)
    {
        try
        {
            var root = JToken.ReadFrom(reader, LoadSettings);
            return new JsonDocumentFile(displayPath, root, null);
        }
        catch (JsonReaderException ex)
        {
            return Fail(displayPath, Math.Max(ex.LineNumber, 1), Math.Max(ex.LinePosition, 1), DiagnosticCodes.MalformedJson,
                TrimNewtonsoftMessage(ex.Message));
        }
    }

    /// <summary>Only white space, as <see cref="string.IsNullOrWhiteSpace"/> judges the text.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            // Rarer white space (vertical tab, form feed, separators, Unicode spaces) is judged on the decoded text.
            return (b is (byte)'\v' or (byte)'\f' or >= 0x1C and <= 0x1F or >= 0x80) && string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(bytes));
        }

        return true;
    }

    private static string DescribeStrictError(string message)
    {
        // System.Text.Json appends "LineNumber: n | BytePositionInLine: m." which the diagnostic already carries.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var core = (cut > 0 ? message[..cut] : message).TrimEnd('.');
        if (core.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return $"malformed JSON: nested deeper than {MaxDepth} levels";
        }

        if (core.Contains("Expected depth to be zero at the end", StringComparison.Ordinal))
        {
            return "malformed JSON: the file ends before every '{' and '[' is closed";
        }

        return "malformed JSON: " + core + "; expected standard JSON (no comments, no trailing commas)";
    }

    private static string TrimNewtonsoftMessage(string message)
    {
        var cut = message.IndexOf(" Path '", StringComparison.Ordinal);
        var core = cut > 0 ? message[..cut] : message;
        if (core.Contains("already exists in the current JSON object", StringComparison.Ordinal))
        {
            return "malformed JSON: " + core.TrimEnd('.') + "; each key may appear once per object";
        }

        return "malformed JSON: " + core.TrimEnd('.');
    }

    /// <summary>Converts a byte offset inside a 1-based line into a 0-based character column.</summary>
    private static int CharColumn(string text, int line, int bytePosition)
    {
        var start = 0;
        for (var i = 1; i < line && start >= 0; i++)
        {
            start = text.IndexOf('\n', start);
            start = start < 0 ? -1 : start + 1;
        }

        if (start < 0)
        {
            return bytePosition;
        }

        var column = 0;
        var bytes = 0;
        while (start + column < text.Length && bytes < bytePosition)
        {
            bytes += Encoding.UTF8.GetByteCount(text.AsSpan(start + column, char.IsHighSurrogate(text[start + column]) ? 2 : 1));
            column += char.IsHighSurrogate(text[start + column]) ? 2 : 1;
        }

        return column;
    }

    private static (int Line, int Column) FindInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int line = 1, column = 1, offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return (line, column);
            }

            if (rune.Value == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column += rune.Utf16SequenceLength;
            }

            offset += consumed;
        }

        return (line, column);
    }

    /// <summary>The file's bytes in a pooled buffer (the caller returns it) and how many of them were read.</summary>
    private static (byte[] Buffer, int Length) ReadBounded(string fullPath, int maxBytes)
    {
        // A handle and positional reads: no FileStream buffers, no read-ahead advice, one read for a file that keeps
        // its size (the syscalls of a plain read, which is what validating thousands of small files is made of).
        using var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        if (length > maxBytes)
        {
            throw new FileTooLargeException(length);
        }

        // The file may grow between the length check and the read: read at most maxBytes + 1 and judge what arrived.
        var limit = (int)Math.Min(length, maxBytes) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(limit);
        var total = 0;
        int read;
        while (total < limit && (read = RandomAccess.Read(handle, buffer.AsSpan(total, limit - total), total)) > 0)
        {
            total += read;
            if (total == length)
            {
                break; // As long as the file said: what grows after this read is not part of it, as after any read.
            }
        }

        if (total > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new FileTooLargeException(total);
        }

        return (buffer, total);
    }

    private static JsonDocumentFile Fail(string path, int line, int column, string code, string message) =>
        new(path, null, Diagnostic.Error(path, line, column, code, message));

    private sealed class FileTooLargeException(long length) : IOException
    {
        public long Length { get; } = length;
    }
}
