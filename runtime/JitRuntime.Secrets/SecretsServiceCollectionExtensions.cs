using System.Security.Cryptography.X509Certificates;
using JitRuntime.Databases;
using JitRuntime.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the secrets module: the one place Data Protection is configured for every element family.</summary>
public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SecretProtector"/> (a protector per purpose) on ASP.NET Core Data Protection, its key ring
    /// kept in the app's default database (table <c>auth_data_protection_keys</c>) and encrypted with the certificate of
    /// section <c>DataProtection</c>, the start check that refuses an unprotected ring on a shared database, and the
    /// <c>key_ring</c> readiness check. Once, however many families ask for it.
    /// </summary>
    public static IServiceCollection AddJitSecrets(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(service => service.ServiceType == typeof(SecretProtector)))
        {
            return services;
        }

        services.AddElementFamily("secrets", typeof(SecretProtector).Assembly);
        services.AddDatabaseElements(configuration);
        SecretsMigrations.Register(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretProtector>();

        // The application name isolates payloads between apps sharing a key ring; each app has its own ring in its own
        // database, and the name must never change (payloads written under another name cannot be read), so it stays fixed.
        var dataProtection = services.AddDataProtection().SetApplicationName("JitRuntime");

        // Without a key-ring certificate the framework warns "No XML encryptor configured" for every new key; the
        // key-ring check (event 231) says it once, with what to set.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error));
        var protection = services.AddOptions<KeyRingProtectionOptions>();
        if (configuration is not null)
        {
            protection.Bind(configuration.GetSection(KeyRingProtectionOptions.SectionName));
        }

        services.TryAddSingleton<KeyRingCertificates>();
        services.TryAddSingleton<KeyRingProtection>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<JitRuntime.Apps.IAppStartCheck, KeyRingProtectionCheck>());
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, provider) =>
        {
            keys.XmlRepository = new DatabaseXmlRepository(
                provider.GetRequiredService<AppDatabase>(),
                provider.GetRequiredService<KeyRingProtection>(),
                Path.Combine(Path.GetDirectoryName(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Path)!, "keys"),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<DatabaseXmlRepository>>());

            // Keys are encrypted with the certificate before they reach the database (ProtectKeysWithCertificate,
            // loaded lazily so that verbs which never touch the key ring do not need the file).
            if (provider.GetRequiredService<KeyRingCertificates>().Current is { } certificate)
            {
                keys.XmlEncryptor = new CertificateXmlEncryptor(certificate, provider.GetRequiredService<ILoggerFactory>());
            }
        });

        // Every configured certificate decrypts: the current one and earlier rotations (see KeyRingCertificates).
        var slots = new KeyRingCertificates.DecryptionSlots(new X509Certificate2[KeyRingCertificates.ConfiguredCount(configuration)]);
        services.TryAddSingleton(slots);
        if (slots.Certificates.Length > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(slots.Certificates);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<JitRuntime.Composition.IReadinessCheck, KeyRingReadinessCheck>());
        return services;
    }
}
