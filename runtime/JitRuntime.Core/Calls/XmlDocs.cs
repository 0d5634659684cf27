using System.Collections.Concurrent;
using System.Reflection;
using System.Xml.Linq;

namespace JitRuntime.Calls;

/// <summary>
/// The <c>&lt;summary&gt;</c> of a type or property from the XML documentation file the compiler writes beside its
/// assembly (<c>JitRuntime.Auths.xml</c>), read once per assembly; nothing when the file is not shipped.
/// </summary>
internal static class XmlDocs
{
    private static readonly ConcurrentDictionary<Assembly, IReadOnlyDictionary<string, string>> Files = new();

    /// <summary>The summary of <paramref name="member"/> as plain text (tags dropped, their names kept), or null.</summary>
    public static string? Summary(MemberInfo member)
    {
        var type = member as Type ?? member.DeclaringType;
        if (type is null)
        {
            return null;
        }

        var id = member is Type t ? $"T:{Name(t)}" : $"P:{Name(type)}.{member.Name}";
        return Files.GetOrAdd(type.Assembly, Read).GetValueOrDefault(id);
    }

    private static string Name(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static IReadOnlyDictionary<string, string> Read(Assembly assembly)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = string.IsNullOrEmpty(assembly.Location) ? null : Path.ChangeExtension(assembly.Location, ".xml");
        if (path is null || !File.Exists(path))
        {
            return summaries;
        }

        try
        {
            foreach (var member in XDocument.Load(path).Descendants("member"))
            {
                if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                {
                    // <c>x</c> and <see cref="T:N.X"/> keep their text or the last part of their name.
                    var text = string.Concat(summary.Nodes().Select(n => n switch
                    {
                        XText plain => plain.Value,
                        XElement { Name.LocalName: "see" or "paramref" or "typeparamref" } reference =>
                            (reference.Attribute("cref") ?? reference.Attribute("name"))?.Value.Split('.', ':')[^1] ?? reference.Value,
                        XElement element => element.Value,
                        _ => "",
                    }));
                    summaries[name] = string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
                }
            }
        }
        catch (System.Xml.XmlException)
        {
            // A damaged documentation file only costs the descriptions.
        }

        return summaries;
    }
}
