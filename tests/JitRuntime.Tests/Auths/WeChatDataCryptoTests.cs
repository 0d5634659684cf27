using System.Security.Cryptography;
using System.Text;
using JitRuntime.Auths.WeChat;
using JitRuntime.Calls;
using JitRuntime.Fakes;
using JitRuntime.Tests.Fakes;

namespace JitRuntime.Tests.Auths;

/// <summary>encryptedData decryption and rawData signatures with the stored session key, as WeChat's clients produce them.</summary>
public sealed class WeChatDataCryptoTests
{
    private static (string Data, string Iv) Encrypt(string sessionKey, string json)
    {
        using var aes = Aes.Create();
        aes.Key = Convert.FromBase64String(sessionKey);
        var iv = RandomNumberGenerator.GetBytes(16);
        return (Convert.ToBase64String(aes.EncryptCbc(Encoding.UTF8.GetBytes(json), iv, PaddingMode.PKCS7)), Convert.ToBase64String(iv));
    }

    private static string PhoneData(string appId) =>
        $$$"""{"phoneNumber":"+8613800000000","purePhoneNumber":"13800000000","countryCode":"86","watermark":{"appid":"{{{appId}}}","timestamp":1700000000}}""";

    [Fact]
    public async Task EncryptedData_is_decrypted_with_the_stored_session_key()
    {
        await using var h = await LoginHarness.StartAsync();
        var userId = await h.RegisterAsync("openid-phone");
        var code = h.WeChat.IssueCode("openid-phone");
        await h.Login.GetLoginCodeAsync(code);
        var (data, iv) = Encrypt(h.WeChat.SessionKeyOf(code), PhoneData(FakeWeChatServer.AppId));

        var decrypted = await h.Login.DecryptDataAsync(userId, data, iv);

        ((string?)decrypted["purePhoneNumber"]).Should().Be("13800000000");
    }

    [Fact]
    public async Task Data_encrypted_with_an_older_session_key_asks_the_user_to_log_in_again()
    {
        await using var h = await LoginHarness.StartAsync();
        var firstCode = h.WeChat.IssueCode("openid-stale");
        var bind = await h.Login.GetLoginCodeAsync(firstCode);
        var userId = (await h.Login.RegisterAsync(bind.BindCode!)).UserId;
        await h.Login.GetLoginCodeAsync(h.WeChat.IssueCode("openid-stale")); // a new login rotates the key
        var (data, iv) = Encrypt(h.WeChat.SessionKeyOf(firstCode), PhoneData(FakeWeChatServer.AppId));

        var act = () => h.Login.DecryptDataAsync(userId, data, iv);

        var error = (await act.Should().ThrowAsync<ElementCallException>()).Which;
        error.Code.Should().Be("session_key_stale");
        error.Message.Should().Contain("log in again");
    }

    [Fact]
    public async Task Data_issued_for_another_Mini_Program_is_refused()
    {
        await using var h = await LoginHarness.StartAsync();
        var code = h.WeChat.IssueCode("openid-other");
        var bind = await h.Login.GetLoginCodeAsync(code);
        var userId = (await h.Login.RegisterAsync(bind.BindCode!)).UserId;
        var (data, iv) = Encrypt(h.WeChat.SessionKeyOf(code), PhoneData("wxffffffffffffffff"));

        var act = () => h.Login.DecryptDataAsync(userId, data, iv);

        (await act.Should().ThrowAsync<ElementCallException>()).Which.Code.Should().Be("watermark_mismatch");
    }

    [Theory]
    [InlineData("not base64!", "AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAA==", "short")]
    [InlineData("AAAA", "AAAAAAAAAAAAAAAAAAAAAA==")]
    public void Malformed_inputs_are_argument_errors_not_crypto_exceptions(string data, string iv)
    {
        var key = new WeChatSessionKey(Convert.ToBase64String(new byte[16]));

        var act = () => WeChatDataCrypto.Decrypt(key, data, iv, "wx0123456789abcdef");

        act.Should().Throw<ElementCallException>().Which.Code.Should().Be("invalid_argument");
    }

    [Fact]
    public async Task RawData_signatures_are_verified_against_the_stored_session_key()
    {
        await using var h = await LoginHarness.StartAsync();
        var code = h.WeChat.IssueCode("openid-sign");
        var bind = await h.Login.GetLoginCodeAsync(code);
        var userId = (await h.Login.RegisterAsync(bind.BindCode!)).UserId;
        const string rawData = """{"nickName":"Band","gender":1}""";
#pragma warning disable CA5350 // WeChat's protocol
        var signature = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(rawData + h.WeChat.SessionKeyOf(code))));
#pragma warning restore CA5350

        (await h.Login.VerifySignatureAsync(userId, rawData, signature)).Should().BeTrue();
        (await h.Login.VerifySignatureAsync(userId, rawData + " ", signature)).Should().BeFalse();
    }

    [Fact]
    public void A_session_key_prints_as_stars()
    {
        new WeChatSessionKey("c2VjcmV0LWtleS0xMjM0NQ==").ToString().Should().Be("***");
    }
}
