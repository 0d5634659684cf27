using System.Text.Json;
using JitRuntime.Calls;
using JitRuntime.Elements;
using JitRuntime.Types;

namespace JitRuntime.Tests.Support;

#pragma warning disable CA1822 // Element functions are instance methods: the dispatch calls them on the element's instance.

/// <summary>A test Type with one function per JitAi dataType, a ValueTask function and one that needs a session.</summary>
[ElementType(TypeName)]
public sealed class EchoElement(ElementContext context)
{
    public const string TypeName = "tests.echo.EchoType";

    public string FullName { get; } = context.FullName;

    [ElementMethod("echo", Title = "Echo a short text", LoginRequired = false)]
    public ValueTask<EchoResult> EchoAsync(string text) => ValueTask.FromResult(new EchoResult(text));

    [ElementMethod("long", LoginRequired = false, RateLimit = ElementRateLimit.None)]
    public EchoResult LongText([ElementArg(DataType = ElementDataTypes.Ltext, Title = "Body")] string body) => new(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [ElementMethod("typed", LoginRequired = false)]
    public Task<object> TypedAsync(long count, bool flag, DateTimeOffset at, JsonElement data, string[] items, double? ratio = null) =>
        Task.FromResult<object>(new { count, flag, at, keys = data.EnumerateObject().Count(), items = items.Length, ratio });

    [ElementMethod("whoAmI", Title = "The session's user")]
    public Task<long?> WhoAmIAsync(ElementCaller caller, CancellationToken cancellationToken = default) => Task.FromResult(caller.UserId);

    [ElementMethod("nothing", LoginRequired = false)]
    public ValueTask NothingAsync() => ValueTask.CompletedTask;
}

public sealed record EchoResult(string Text);

/// <summary>Accepts "token-N" as a session of user N; "storage-down" fails like a database that is unavailable.</summary>
public sealed class FakeAuthenticator : IElementCallerAuthenticator, IElementFaultTranslator
{
    public string SessionSource => "the test's tokens";

    public Task<long?> AuthenticateAsync(string bearerToken, CancellationToken cancellationToken = default) => bearerToken switch
    {
        "storage-down" => throw new IOException("disk I/O error"),
        _ when bearerToken.StartsWith("token-", StringComparison.Ordinal) => Task.FromResult<long?>(long.Parse(bearerToken["token-".Length..], System.Globalization.CultureInfo.InvariantCulture)),
        _ => Task.FromResult<long?>(null),
    };

    public ElementCallException? Translate(Exception exception) => exception is IOException
        ? new ElementCallException(ElementErrorKind.StorageUnavailable, "database_unavailable", "the database is unavailable")
        : null;
}
