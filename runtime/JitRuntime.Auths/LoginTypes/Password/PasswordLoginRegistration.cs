using JitRuntime.Auths.LoginTypes.Password;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the password login type: the one line the auths family adds for it.</summary>
internal static class PasswordLoginRegistration
{
    /// <summary>
    /// <c>auths.loginTypes.PasswordType</c>, its tables (module <c>auths.password</c>) and ASP.NET Core Identity's
    /// <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512 with Identity's iteration count; a host that raises
    /// <see cref="PasswordHasherOptions.IterationCount"/> gets older hashes re-hashed at the next login).
    /// </summary>
    public static IServiceCollection AddPasswordLoginType(this IServiceCollection services)
    {
        services.AddElementType<PasswordType>();
        PasswordMigrations.Register(services);
        services.TryAddSingleton<IPasswordHasher<PasswordType>, PasswordHasher<PasswordType>>();
        return services;
    }
}
