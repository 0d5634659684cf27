namespace JitRuntime.Elements;

/// <summary>Whether an element can be used.</summary>
public enum ElementStatus
{
    /// <summary>Valid: <c>GetElement</c> creates (or returns) its instance.</summary>
    Ready,

    /// <summary>Has at least one error diagnostic: <c>GetElement</c> throws them.</summary>
    Broken,
}
