using System.Security.Cryptography;
using System.Text;
using JitRuntime.Calls;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace JitRuntime.Auths.WeChat;

/// <summary>
/// What the peer SDKs (Senparc.Weixin, WxJava) offer around the session key, done right: decrypting
/// <c>encryptedData</c> (AES-128-CBC, PKCS#7, key = session key, IV from the client) with a check of
/// <c>watermark.appid</c>, and verifying <c>rawData</c> signatures (<c>sha1(rawData + session_key)</c>) in constant time.
/// A failure to decrypt almost always means the client's data was encrypted with a newer session key: the error says
/// "log in again" instead of surfacing a padding exception.
/// </summary>
public static class WeChatDataCrypto
{
    private const int MaxEncryptedChars = 64 * 1024;

    /// <summary>Decrypts <paramref name="encryptedData"/> and checks that it was meant for <paramref name="appId"/>.</summary>
    /// <exception cref="ElementCallException">Malformed input (<c>invalid_argument</c>), a stale session key (<c>session_key_stale</c>) or another app's data (<c>watermark_mismatch</c>).</exception>
    public static JObject Decrypt(WeChatSessionKey sessionKey, string encryptedData, string iv, string appId)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        if (string.IsNullOrEmpty(encryptedData) || encryptedData.Length > MaxEncryptedChars)
        {
            throw Invalid($"encryptedData must be base64 of at most {MaxEncryptedChars} characters");
        }

        var key = FromBase64(sessionKey.Value, 16) ?? throw Stale();
        var vector = FromBase64(iv, 16) ?? throw Invalid("iv must be base64 of 16 bytes");
        var cipher = FromBase64(encryptedData, null) ?? throw Invalid("encryptedData must be base64");
        if (cipher.Length == 0 || cipher.Length % 16 != 0)
        {
            throw Invalid("encryptedData must be a whole number of AES blocks");
        }

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = key;
            try
            {
                plain = aes.DecryptCbc(cipher, vector, PaddingMode.PKCS7);
            }
            catch (CryptographicException)
            {
                throw Stale();
            }
        }

        JObject data;
        try
        {
            data = JsonConvert.DeserializeObject<JToken>(Encoding.UTF8.GetString(plain), new JsonSerializerSettings { DateParseHandling = DateParseHandling.None, MaxDepth = 32 }) as JObject
                ?? throw Stale();
        }
        catch (JsonException)
        {
            throw Stale(); // Valid padding by chance, garbage inside: the same stale key.
        }

        if ((string?)data["watermark"]?["appid"] != appId)
        {
            throw new ElementCallException(ElementErrorKind.Refused, "watermark_mismatch",
                "the decrypted data was issued for another Mini Program (watermark.appid does not match this login's appId)");
        }

        return data;
    }

    /// <summary>True when <paramref name="signature"/> is <c>sha1(rawData + session_key)</c> in hex.</summary>
    public static bool VerifySignature(WeChatSessionKey sessionKey, string rawData, string signature)
    {
        ArgumentNullException.ThrowIfNull(sessionKey);
        ArgumentNullException.ThrowIfNull(rawData);
        ArgumentNullException.ThrowIfNull(signature);
        // SHA-1 is WeChat's protocol, not a choice made here.
#pragma warning disable CA5350
        var expected = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(rawData + sessionKey.Value)));
#pragma warning restore CA5350
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    private static byte[]? FromBase64(string? text, int? length)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || (length is { } l && written != l))
        {
            return null;
        }

        return buffer[..written];
    }

    private static ElementCallException Invalid(string message) => new(ElementErrorKind.InvalidArgument, "invalid_argument", message);

    private static ElementCallException Stale() => new(ElementErrorKind.Conflict, "session_key_stale",
        "the data cannot be decrypted with the stored session key: it is stale (the user logged in again on the device); log in again and retry");
}
