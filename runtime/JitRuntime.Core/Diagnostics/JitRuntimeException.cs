namespace JitRuntime.Diagnostics;

/// <summary>Base class of the exceptions the runtime throws on purpose.</summary>
public class JitRuntimeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JitRuntimeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
