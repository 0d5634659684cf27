using JitRuntime.Auths.Security;

namespace JitRuntime.Auths;

/// <summary>Bounds on every argument that comes from outside, checked before anything else happens.</summary>
internal static class LoginArguments
{
    /// <summary>A wx.login code: printable ASCII, no spaces, at most 128 characters (WeChat's are 32).</summary>
    public static string WeChatCode(string? code, string name = "code")
    {
        if (string.IsNullOrEmpty(code) || code.Length > 128 || !code.All(c => c is > ' ' and < '\u007f'))
        {
            throw LoginErrors.InvalidArgument(name, "the code from wx.login (printable ASCII, at most 128 characters)");
        }

        return code;
    }

    /// <summary>A code this runtime issued: 43 base64url characters.</summary>
    public static string IssuedCode(string? code, string name)
    {
        if (!OneTimeCode.IsWellFormed(code))
        {
            throw LoginErrors.InvalidArgument(name, $"a {name} as returned by this login ({OneTimeCode.TextLength} base64url characters)");
        }

        return code!;
    }

    public static long UserId(long userId)
    {
        if (userId <= 0)
        {
            throw LoginErrors.InvalidArgument("userId", "a positive user id");
        }

        return userId;
    }

    /// <summary>An optional short identifier such as a corpId or platform name.</summary>
    public static string? OptionalName(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > 64 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw LoginErrors.InvalidArgument(name, "letters, digits, '_', '-' or '.', at most 64 characters");
        }

        return value;
    }
}
