using System.Text;

namespace JitRuntime.Auths.LoginTypes.Password;

/// <summary>
/// What a username and a password must be. Usernames: 3–64 characters, no control characters, no spaces at either
/// end, unique per login element regardless of case (compared as <see cref="Normalize"/> makes them). Passwords: 8–128
/// characters of any kind, not the username; nothing else is imposed.
/// </summary>
internal static class PasswordRules
{
    public const int MinUsername = 3;
    public const int MaxUsername = 64;
    public const int MinPassword = 8;
    public const int MaxPassword = 128;

    /// <summary>The username's stable form, the login's subject: compatibility-normalized and upper-cased, as Identity's lookup normalizer does.</summary>
    public static string Normalize(string username) => username.Normalize(NormalizationForm.FormKC).ToUpperInvariant();

    /// <summary>A well-formed username, normalized; an <c>invalid_argument</c> otherwise (which says nothing about whether it exists).</summary>
    public static string Username(string? username)
    {
        // Well-formed UTF-16 first: normalizing a lone surrogate throws.
        if (username is null || username.Length is < MinUsername or > MaxUsername || !IsWellFormedUtf16(username) || username.Any(char.IsControl)
            || username.Trim().Length != username.Length)
        {
            throw LoginErrors.InvalidArgument("username", $"{MinUsername} to {MaxUsername} characters, no control characters, no spaces at either end");
        }

        return Normalize(username);
    }

    /// <summary>A password within the bounds (at login too: a longer one is refused before any hash is computed).</summary>
    public static string Password(string? password, string name = "password")
    {
        if (password is null || password.Length is < MinPassword or > MaxPassword || !IsWellFormedUtf16(password))
        {
            throw LoginErrors.InvalidArgument(name, $"{MinPassword} to {MaxPassword} characters");
        }

        return password;
    }

    /// <summary>A password a user sets: within the bounds and not the username (compared as usernames are).</summary>
    public static string NewPassword(string? password, string subject, string name = "password")
    {
        Password(password, name);
        if (Normalize(password!) == subject)
        {
            throw LoginErrors.InvalidArgument(name, "a password that is not the username");
        }

        return password!;
    }

    private static bool IsWellFormedUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }
}
