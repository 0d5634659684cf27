using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace JitRuntime.Fakes;

/// <summary>Self-signed RSA certificates with their private keys, written as password-protected PFX files, for the key ring.</summary>
public static class TestCertificates
{
    private static readonly Lazy<(string Path, string Password)> SharedCertificate = new(() => Create("jit-tests-shared"));

    /// <summary>One certificate for the whole run.</summary>
    public static (string Path, string Password) Shared => SharedCertificate.Value;

    /// <summary>A new certificate in a new PFX file under the temp folder.</summary>
    public static (string Path, string Password) Create(string name)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name} Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jit-certs");
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        return (path, password);
    }

    /// <summary>Configuration keys that protect the key ring with <paramref name="certificate"/>.</summary>
    public static Dictionary<string, string?> Settings((string Path, string Password) certificate) => new()
    {
        ["DataProtection:Certificate:Path"] = certificate.Path,
        ["DataProtection:Certificate:Password"] = certificate.Password,
    };

    /// <summary>The same as an <c>app.json</c> settings fragment (to append after another setting).</summary>
    public static string SettingsJson((string Path, string Password) certificate) =>
        $$""", "DataProtection": { "Certificate": { "Path": {{System.Text.Json.JsonSerializer.Serialize(certificate.Path)}}, "Password": "{{certificate.Password}}" } }""";
}
