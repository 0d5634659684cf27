using System.Runtime;

namespace JitRuntime.Apps;

/// <summary>
/// A one-shot process's load of a big app runs without garbage collections. Nearly everything a load allocates stays
/// alive to its end (every element's parsed files), so collecting during it mostly copies survivors from one generation
/// to the next; a process that exits right after the load gives the memory back anyway. Only for processes that say so
/// (<see cref="JitRuntimeOptions.OneShotProcess"/>): a server keeps its collector as configured.
/// </summary>
internal sealed class LoadWithoutCollections : IDisposable
{
    /// <summary>Smaller apps load in a few milliseconds: reserving memory up front would cost more than it saves.</summary>
    public const int MinElements = 1000;

    /// <summary>About what a load allocates per element (an e.json and a configuration), with room to spare.</summary>
    public const long BytesPerElement = 16 * 1024;

    /// <summary>The most memory set aside; a bigger load collects as usual once it is used up.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    private LoadWithoutCollections()
    {
    }

    /// <summary>Starts a no-GC region sized for <paramref name="elements"/>, or returns null when it does not apply or cannot start.</summary>
    public static LoadWithoutCollections? Begin(int elements)
    {
        if (elements < MinElements || GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            return null;
        }

        try
        {
            return GC.TryStartNoGCRegion(Math.Min(MaxBytes, elements * BytesPerElement)) ? new LoadWithoutCollections() : null;
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return null; // More than this runtime allows at once, or another region is open: collect as usual.
        }
    }

    /// <summary>Ends the region if the load did not already outgrow it (the runtime ends it then by collecting).</summary>
    public void Dispose()
    {
        if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
        {
            return;
        }

        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // Ended meanwhile (an induced collection, say): nothing left to end.
        }
    }
}
