namespace JitRuntime.Secrets;

/// <summary>
/// How the Data Protection key ring is protected at rest (configuration section <c>DataProtection</c>), the same on
/// every node: a certificate whose private key encrypts each key before it is stored in the app's database, and the
/// certificates of earlier rotations that still decrypt the keys they encrypted.
/// </summary>
public sealed class KeyRingProtectionOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "DataProtection";

    /// <summary>The certificate new keys are encrypted with (<c>DataProtection:Certificate:Path</c>, <c>:Password</c>).</summary>
    public CertificateFile? Certificate { get; set; }

    /// <summary>Certificates of earlier rotations: they only decrypt (<c>DataProtection:PreviousCertificates:0:Path</c>, ...).</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];

    /// <summary>
    /// Lets an app whose database several nodes share run without a certificate, its key ring in plain text in the
    /// database (then a copy of the database reveals every session key). Off by default.
    /// </summary>
    public bool AllowPlainKeys { get; set; }

    /// <summary>A certificate with its private key: a PKCS#12 file (<c>.pfx</c>, <c>.p12</c>) or PEM.</summary>
    public sealed class CertificateFile
    {
        /// <summary>The file, relative to the app folder: PFX/P12, or PEM holding the certificate (and the key unless <see cref="KeyPath"/>).</summary>
        public string? Path { get; set; }

        /// <summary>The PFX password or the encrypted PEM key's password; write <c>${NAME}</c> to read it from the environment.</summary>
        public string? Password { get; set; }

        /// <summary>For PEM: the private key file when it is not in <see cref="Path"/>.</summary>
        public string? KeyPath { get; set; }
    }
}
