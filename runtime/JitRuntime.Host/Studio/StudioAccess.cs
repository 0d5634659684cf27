using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace JitRuntime.Host.Studio;

/// <summary>
/// Who may use the Element Studio: a development tool that writes into the app's folder, so it listens on loopback
/// only, and every request carries the random token printed once in the log (as Jupyter does): given once in the
/// URL, then kept in an HTTP-only, same-site cookie. A request that changes anything must also come from the studio's own
/// origin (<c>Origin</c> checked), so another page open in the same browser cannot post to it.
/// </summary>
public sealed partial class StudioAccess(string token)
{
    /// <summary>The cookie the token is kept in.</summary>
    public const string CookieName = "jit_studio";

    private readonly byte[] _token = Encoding.ASCII.GetBytes(token);

    /// <summary>A new random token (256 bits, base64url).</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>True when every address of <paramref name="urls"/> (<c>;</c>-separated) is a loopback one (<c>localhost</c>, 127.0.0.0/8, <c>[::1]</c>).</summary>
    public static bool IsLoopbackOnly(string urls, out string? other)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var host = Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                UriKind.Absolute, out var uri) ? uri.Host : "";
            if (!(host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address))))
            {
                other = url;
                return false;
            }
        }

        other = null;
        return true;
    }

    /// <summary>Whether <paramref name="context"/> may go on: the token (query or cookie) and, for writes, the origin.</summary>
    /// <returns>Null to go on; otherwise the status to answer (401 without the token, 403 from another origin).</returns>
    public int? Check(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var given = context.Request.Query["token"].ToString();
        if (given.Length == 0)
        {
            given = context.Request.Cookies[CookieName] ?? "";
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), _token))
        {
            return StatusCodes.Status401Unauthorized;
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.Request.Headers.Origin.ToString() != $"{context.Request.Scheme}://{context.Request.Host}")
        {
            return StatusCodes.Status403Forbidden;
        }

        return null;
    }

    /// <summary>Says once, in the log, where the studio is, with its token (the only place it is shown).</summary>
    public void Announce(Microsoft.Extensions.Logging.ILogger<StudioAccess> logger, IEnumerable<string> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls)
        {
            LogStudio(logger, $"{url.TrimEnd('/')}{StudioEndpoints.Path}?token={Encoding.ASCII.GetString(_token)}");
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(EventId = 450, Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Element Studio (development only; it writes into elements/): open {Url}")]
    private static partial void LogStudio(Microsoft.Extensions.Logging.ILogger logger, string url);

    /// <summary>Keeps the token in the cookie, so the URL need not carry it again.</summary>
    public void Remember(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(CookieName, Encoding.ASCII.GetString(_token),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = StudioEndpoints.Path, IsEssential = true });
    }
}
