using JitRuntime.Calls;
using JitRuntime.Elements;

namespace JitRuntime.Host.HttpApi;

/// <summary>
/// One element as <c>GET /api/elements</c> and <c>jit elements --format json</c> show it: identity, status, role, access
/// and the effective functionList in JitAi's shape (<c>loginRequired</c> as 0/1).
/// </summary>
public static class ElementListing
{
    /// <summary>The listing of <paramref name="element"/>; <paramref name="servingLastGood"/> when a reload kept its last good version.</summary>
    public static object Of(LoadedElement element, bool servingLastGood = false)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new
        {
            fullName = element.FullName,
            type = element.TypeName,
            title = element.Title,
            status = servingLastGood ? "ready (last good version; current files are broken)" : element.Status == ElementStatus.Ready ? "ready" : "broken",
            role = element.Role == ElementRole.Type ? "type" : "instance",
            accessModifier = element.Access.ToString().ToLowerInvariant(),
            methods = element.FunctionList.Select(f => f.Name),
            functionList = element.FunctionList.Select(Function),
        };
    }

    /// <summary>A function in JitAi's functionList shape.</summary>
    public static object Function(ElementFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new
        {
            name = function.Name,
            title = function.Title,
            args = function.Args.Select(a => new { name = a.Name, title = a.Title, dataType = a.DataType, required = a.Required, maxLen = a.MaxLen }),
            returnType = function.ReturnType,
            returnSchema = FunctionJsonSchema.Result(function),
            loginRequired = function.LoginRequired ? 1 : 0,
        };
    }
}
