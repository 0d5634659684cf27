namespace JitRuntime.Calls;

/// <summary>
/// Turns an infrastructure failure that escaped an element method (a database driver's exception, say) into a coded
/// <see cref="ElementCallException"/>. Element families register one for the failures only they can name, so the
/// dispatch maps them without knowing any driver.
/// </summary>
public interface IElementFaultTranslator
{
    /// <summary>The coded error for <paramref name="exception"/>, or null when this translator does not know it.</summary>
    ElementCallException? Translate(Exception exception);
}
