using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace JitRuntime.Auths.Security;

/// <summary>
/// bindCodes, loginCodes and session tokens: 256 bits from the operating system's cryptographic RNG, handed out as
/// base64url (43 characters) and stored only as their SHA-256 hash. A fast hash is right here: the codes carry
/// full entropy, so there is nothing to brute-force from a leaked hash.
/// </summary>
public static class OneTimeCode
{
    /// <summary>Random bytes per code.</summary>
    public const int ByteLength = 32;

    /// <summary>Characters of a code as handed out.</summary>
    public const int TextLength = 43;

    /// <summary>A new code and the hash to store.</summary>
    public static (string Code, byte[] Hash) Generate()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        RandomNumberGenerator.Fill(bytes);
        var code = Base64Url.EncodeToString(bytes);
        return (code, Hash(code));
    }

    /// <summary>The stored form of <paramref name="code"/>.</summary>
    public static byte[] Hash(string code) => SHA256.HashData(Encoding.ASCII.GetBytes(code));

    /// <summary>True when <paramref name="code"/> has the shape of a code this runtime hands out; anything else is not looked up.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: TextLength } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
