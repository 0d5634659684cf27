using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Newtonsoft.Json;

namespace JitRuntime.Json;

/// <summary>
/// A Newtonsoft <see cref="JsonReader"/> over a document tokenized by System.Text.Json, so that a file is parsed once:
/// <see cref="Tokenize"/> is the strict judge (RFC 8259) and records every token with the line and position Newtonsoft's
/// own reader reports for it (the line of the token's end; the UTF-16 position just past it, past the ':' for a
/// property name; CR, LF and CRLF each end a line), and <c>JToken.ReadFrom</c> builds the tree from the replay with
/// exactly the line information, values and duplicate-key errors it would have had from Newtonsoft's text reader.
/// </summary>
internal sealed class Utf8TokenReader : JsonReader, IJsonLineInfo
{
    /// <summary>A buffer larger than this (a huge file's) is not kept for the next file.</summary>
    private const int MaxKeptTokens = 16 * 1024;

    [ThreadStatic]
    private static Token[]? t_tokens;

    private Token[]? _tokens;
    private readonly int _count;
    private int _next;
    private int _line;
    private int _position;

    private Utf8TokenReader(Token[] tokens, int count)
    {
        _tokens = tokens;
        _count = count;
    }

    /// <summary>
    /// Tokenizes <paramref name="utf8"/> strictly; throws <see cref="System.Text.Json.JsonException"/> for malformed JSON
    /// and <see cref="InvalidOperationException"/> for text that System.Text.Json cannot turn into .NET strings (a
    /// lone surrogate escape), which the caller reads the slow way.
    /// </summary>
    public static Utf8TokenReader Tokenize(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            MaxDepth = maxDepth,
        });
        // One token buffer per thread, reused file after file (an ArrayPool of this struct would be compiled at start-up).
        var tokens = t_tokens ?? new Token[Math.Max(64, utf8.Length / 8)];
        t_tokens = null;
        var count = 0;
        var positions = new PositionCounter();
        try
        {
            while (reader.Read())
            {
                if (count == tokens.Length)
                {
                    var larger = new Token[tokens.Length * 2];
                    Array.Copy(tokens, larger, count);
                    tokens = larger;
                }

                var (type, value) = Describe(ref reader);
                var (line, position) = positions.Advance(utf8, (int)reader.BytesConsumed);
                tokens[count++] = new Token(type, value, line, position);
            }

            return new Utf8TokenReader(tokens, count) { MaxDepth = maxDepth };
        }
        catch
        {
            Release(tokens, count);
            throw;
        }
    }

    /// <inheritdoc />
    public override bool Read()
    {
        if (_next == _count)
        {
            return false;
        }

        var token = _tokens![_next++];
        _line = token.Line;
        _position = token.Position;
        SetToken(token.Type, token.Value);
        return true;
    }

    /// <inheritdoc />
    public override void Close()
    {
        base.Close();
        if (_tokens is { } tokens)
        {
            _tokens = null;
            Release(tokens, _count);
        }
    }

    /// <summary>Gives the buffer back to this thread, without the strings it pointed at.</summary>
    private static void Release(Token[] tokens, int count)
    {
        Array.Clear(tokens, 0, count);
        if (tokens.Length <= MaxKeptTokens)
        {
            t_tokens = tokens;
        }
    }

    /// <inheritdoc />
    public bool HasLineInfo() => _next > 0;

    /// <inheritdoc />
    public int LineNumber => _line;

    /// <inheritdoc />
    public int LinePosition => _position;

    private static (JsonToken Type, object? Value) Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => (JsonToken.StartObject, null),
        JsonTokenType.EndObject => (JsonToken.EndObject, null),
        JsonTokenType.StartArray => (JsonToken.StartArray, null),
        JsonTokenType.EndArray => (JsonToken.EndArray, null),
        JsonTokenType.PropertyName => (JsonToken.PropertyName, reader.GetString()),
        JsonTokenType.String => (JsonToken.String, reader.GetString()),
        JsonTokenType.True => (JsonToken.Boolean, true),
        JsonTokenType.False => (JsonToken.Boolean, false),
        JsonTokenType.Null => (JsonToken.Null, null),
        JsonTokenType.Number => Number(reader.ValueSpan),
        _ => throw new InvalidOperationException($"unexpected token {reader.TokenType}"),
    };

    /// <summary>Newtonsoft's numbers (FloatParseHandling.Double): integers as long, or BigInteger past it; the rest double.</summary>
    private static (JsonToken, object) Number(ReadOnlySpan<byte> text)
    {
        if (IsInteger(text))
        {
            if (Utf8Parser.TryParse(text, out long integer, out var consumed) && consumed == text.Length)
            {
                return (JsonToken.Integer, integer);
            }

            return (JsonToken.Integer, BigInteger.Parse(System.Text.Encoding.ASCII.GetString(text), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        return (JsonToken.Float, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static bool IsInteger(ReadOnlySpan<byte> number)
    {
        foreach (var b in number)
        {
            if (b is (byte)'.' or (byte)'e' or (byte)'E')
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Token(JsonToken Type, object? Value, int Line, int Position);

    /// <summary>Counts lines and UTF-16 positions the way Newtonsoft's text reader does, moving forward only.</summary>
    private struct PositionCounter()
    {
        private int _offset;
        private int _line = 1;
        private int _position;

        public (int Line, int Position) Advance(ReadOnlySpan<byte> utf8, int end)
        {
            while (_offset < end)
            {
                var b = utf8[_offset++];
                if (b == (byte)'\r')
                {
                    if (_offset < utf8.Length && utf8[_offset] == (byte)'\n')
                    {
                        _offset++;
                    }

                    _line++;
                    _position = 0;
                }
                else if (b == (byte)'\n')
                {
                    _line++;
                    _position = 0;
                }
                else if (b < 0x80)
                {
                    _position++;
                }
                else if ((b & 0xC0) != 0x80)
                {
                    _position += b >= 0xF0 ? 2 : 1; // A lead byte: four-byte sequences are surrogate pairs in UTF-16.
                }
            }

            return (_line, _position);
        }
    }
}
