namespace JitRuntime.Elements;

/// <summary>Rules for element fullNames: identifier segments (<c>[A-Za-z_][A-Za-z0-9_]*</c>) joined with dots.</summary>
public static class ElementName
{
    /// <summary>True when <paramref name="segment"/> is one identifier.</summary>
    public static bool IsIdentifier(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty || !(char.IsAsciiLetter(segment[0]) || segment[0] == '_'))
        {
            return false;
        }

        foreach (var c in segment[1..])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="fullName"/> is identifiers joined with dots.</summary>
    public static bool IsFullName(string? fullName)
    {
        if (string.IsNullOrEmpty(fullName))
        {
            return false;
        }

        foreach (var range in fullName.AsSpan().Split('.'))
        {
            if (!IsIdentifier(fullName.AsSpan()[range]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Longest name echoed back in a message; callers can send names of any length.</summary>
    public const int MaxDisplayLength = 128;

    /// <summary><paramref name="name"/> cut to <see cref="MaxDisplayLength"/> characters (with "..." and the length), for messages.</summary>
    public static string ForDisplay(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length <= MaxDisplayLength ? name : $"{name[..MaxDisplayLength]}... ({name.Length} characters)";
    }
}
