namespace JitRuntime.Tests.Support;

/// <summary>Base of tests that each get a fresh app folder on disk, removed afterwards.</summary>
public abstract class TempAppTest : IDisposable
{
    protected TempApp App { get; } = new();

    public void Dispose()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
    }
}
