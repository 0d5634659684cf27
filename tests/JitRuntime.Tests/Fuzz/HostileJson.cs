using System.Text;

namespace JitRuntime.Tests.Fuzz;

/// <summary>
/// Seeded argument objects as raw UTF-8 bytes, built to break text handling: lone surrogate escapes (high, low,
/// reversed pairs), surrogates encoded in UTF-8, overlong and truncated sequences, bytes that are never UTF-8, NUL and
/// other control characters (escaped, and raw where JSON forbids them), a byte-order mark, noncharacters, names that
/// are themselves broken, and ordinary values in between. Most objects are valid JSON whose text is not valid Unicode,
/// which the JSON parser accepts and only fails on when the text is read.
/// </summary>
public static class HostileJson
{
    /// <summary>Pieces of string content, each as the bytes that go between the quotes.</summary>
    private static readonly byte[][] Pieces =
    [
        "\\ud800"u8.ToArray(), "\\udfff"u8.ToArray(), "\\udc00\\ud800"u8.ToArray(), "\\ud83d"u8.ToArray(), "x\\ud800-1"u8.ToArray(),
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], // surrogates encoded in UTF-8
        [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF0, 0x80, 0x80, 0xAF], // overlong
        [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3], // truncated
        [0xFF], [0xFE], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], // never UTF-8, beyond U+10FFFF
        "\\u0000"u8.ToArray(), "\\u001f"u8.ToArray(), [0x00], [0x01], [0x1F], [0x7F], // NUL and control characters (raw ones are not JSON)
        [0xEF, 0xBB, 0xBF], [0xEF, 0xBF, 0xBF], [0xEF, 0xB7, 0x90], // BOM, noncharacters (valid Unicode)
        "\\\\"u8.ToArray(), "\\\""u8.ToArray(), "\\/"u8.ToArray(), "\\n"u8.ToArray(),
        "ok"u8.ToArray(), "123"u8.ToArray(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"u8.ToArray(), "\u4e2d\u6587"u8.ToArray(), "\U0001F600"u8.ToArray(),
    ];

    /// <summary>A hostile JSON object naming some of <paramref name="names"/> (and broken names), as UTF-8 bytes.</summary>
    public static byte[] Arguments(Random random, IReadOnlyList<string> names)
    {
        var json = new List<byte>();
        Object(random, names, json, depth: 0);
        return [.. json];
    }

    /// <summary>A hostile string value with its quotes.</summary>
    public static byte[] Text(Random random)
    {
        var json = new List<byte>();
        String(random, json);
        return [.. json];
    }

    private static void Object(Random random, IReadOnlyList<string> names, List<byte> json, int depth)
    {
        json.Add((byte)'{');
        var count = random.Next(0, 4);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                json.Add((byte)',');
            }

            if (random.Next(5) == 0 || names.Count == 0)
            {
                String(random, json); // a broken name
            }
            else
            {
                json.AddRange(Encoding.UTF8.GetBytes($"\"{names[random.Next(names.Count)]}\""));
            }

            json.Add((byte)':');
            Value(random, names, json, depth);
        }

        json.Add((byte)'}');
    }

    private static void Value(Random random, IReadOnlyList<string> names, List<byte> json, int depth)
    {
        switch (random.Next(depth > 1 ? 6 : 8))
        {
            case 0:
                json.AddRange("null"u8.ToArray());
                break;
            case 1:
                json.AddRange(Encoding.ASCII.GetBytes(random.Next(-5, 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                break;
            case 2:
                json.AddRange(random.Next(2) == 0 ? "true"u8.ToArray() : "0"u8.ToArray());
                break;
            case 6:
                json.Add((byte)'[');
                for (var i = random.Next(0, 3); i > 0; i--)
                {
                    Value(random, names, json, depth + 1);
                    json.Add((byte)',');
                }

                String(random, json);
                json.Add((byte)']');
                break;
            case 7:
                Object(random, names, json, depth + 1);
                break;
            default:
                String(random, json);
                break;
        }
    }

    private static void String(Random random, List<byte> json)
    {
        json.Add((byte)'"');
        for (var i = random.Next(1, 5); i > 0; i--)
        {
            json.AddRange(Pieces[random.Next(Pieces.Length)]);
        }

        json.Add((byte)'"');
    }
}
