namespace JitRuntime.Auths.LoginTypes;

/// <summary>The answer of <c>getPhoneNumber</c>: the user's phone number as WeChat gave it (returned to that user only).</summary>
public sealed class PhoneNumberResult
{
    /// <summary>With the country code for numbers outside mainland China.</summary>
    public string PhoneNumber { get; init; } = "";

    /// <summary>Without the country code.</summary>
    public string PurePhoneNumber { get; init; } = "";

    /// <summary>The country code (<c>86</c>).</summary>
    public string CountryCode { get; init; } = "";
}
