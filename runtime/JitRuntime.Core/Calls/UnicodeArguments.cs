using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace JitRuntime.Calls;

/// <summary>
/// Refuses text in a call's arguments that is not valid Unicode: a lone surrogate escape (<c>"\ud800"</c>, valid JSON)
/// or bytes that are not UTF-8 (an overlong, truncated or surrogate encoding), in a value or a name at any depth. The
/// JSON parser accepts both and fails only when the text is read, which would turn a caller's bad input into an
/// internal error; the dispatch checks first, so it is a 400 <c>invalid_arguments</c> on every surface (HTTP, MCP,
/// <c>jit call</c>).
/// </summary>
public static class UnicodeArguments
{
    /// <summary>
    /// Throws 400 <c>invalid_arguments</c> saying where the first invalid text is (<c>'code'</c>, <c>'profile.nick'</c>,
    /// <c>'tags[2]'</c>, a name) when <paramref name="value"/> holds any. <paramref name="path"/> is the value's own
    /// place: empty for the object of all arguments, an argument's name for one argument.
    /// </summary>
    /// <exception cref="ElementCallException">Text that is not valid Unicode.</exception>
    public static void EnsureValid(JsonElement value, string path = "")
    {
        if (Find(value, path) is { } where)
        {
            throw ElementCallErrors.InvalidArguments(
                $"{where} is not valid Unicode (a lone surrogate escape such as \\ud800, or bytes that are not UTF-8); send UTF-8 JSON whose strings are text");
        }
    }

    /// <summary>True when every name and string in <paramref name="value"/> is valid Unicode.</summary>
    public static bool IsValid(JsonElement value) => Find(value, "") is null;

    private static string? Find(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return IsValid(JsonMarshal.GetRawUtf8Value(value), value, static v => v.GetString()) ? null : Describe(path);
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (!IsValid(JsonMarshal.GetRawUtf8PropertyName(property), property, static p => p.Name))
                    {
                        return path.Length == 0 ? "an argument name" : $"a name inside {Describe(path)}";
                    }

                    if (Find(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (Find(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Describe(string path) => path.Length == 0 ? "the arguments" : $"argument '{Elements.ElementName.ForDisplay(path)}'";

    /// <summary>Plain ASCII without escapes (the common case) is valid on its raw bytes; anything else is decoded once to tell.</summary>
    private static bool IsValid<T>(ReadOnlySpan<byte> raw, T token, Func<T, string?> decode)
    {
        if (Ascii.IsValid(raw) && raw.IndexOf((byte)'\\') < 0)
        {
            return true;
        }

        try
        {
            _ = decode(token);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
