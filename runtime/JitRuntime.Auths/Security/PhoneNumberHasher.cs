using System.Security.Cryptography;
using System.Text;
using JitRuntime.Databases;

namespace JitRuntime.Auths.Security;

/// <summary>
/// A keyed hash (HMAC-SHA256) of a phone number, so that an app can find a user by phone without the number being
/// stored in plain text: the key is random, made once per app, and kept encrypted in the app's database
/// (<c>auth_secrets</c>), so every node computes the same hash and a dump alone cannot test guesses.
/// </summary>
public sealed class PhoneNumberHasher(AppDatabase database, JitRuntime.Secrets.SecretProtector protector)
{
    private const string KeyName = "phone_lookup_key";
    private const string Purpose = "JitRuntime.Auths.PhoneLookupKey.v1";

    /// <summary>The purpose under which phone numbers themselves are encrypted on the user.</summary>
    public const string PhonePurpose = "JitRuntime.Auths.PhoneNumber.v1";

    private byte[]? _key;

    /// <summary>The stored (encrypted) form of a phone number, as kept on the user beside its hash.</summary>
    public byte[] Protect(string phoneNumber) => protector.ProtectSecret(PhonePurpose, phoneNumber);

    /// <summary>The hash of <c>+{countryCode} {purePhoneNumber}</c> (digits only), as stored beside the user.</summary>
    public async Task<string> HashAsync(string countryCode, string purePhoneNumber, CancellationToken cancellationToken = default)
    {
        var key = _key ?? await LoadKeyAsync(cancellationToken).ConfigureAwait(false);
        var normalized = $"+{Digits(countryCode)} {Digits(purePhoneNumber)}";
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalized)));
    }

    private static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    /// <summary>Creates the key if no node has yet (the first insert wins), then reads the one that won.</summary>
    private async Task<byte[]> LoadKeyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var candidate = protector.ProtectSecret(Purpose, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var stored = await Storage.SecretStore.GetOrAddAsync(connection, KeyName, candidate).ConfigureAwait(false);
        var key = protector.UnprotectSecret(Purpose, stored) ?? throw new CryptographicException("the phone lookup key cannot be decrypted with this key ring");
        return _key = Convert.FromBase64String(key);
    }
}
