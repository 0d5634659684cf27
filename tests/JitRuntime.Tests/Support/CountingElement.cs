using JitRuntime.Elements;
using JitRuntime.Types;
using Microsoft.Extensions.Logging;

namespace JitRuntime.Tests.Support;

/// <summary>The contract of the test family <c>tests.counters.Meta</c>.</summary>
[ElementMeta("tests.counters.Meta")]
public interface ICounter
{
    string FullName { get; }
}

/// <summary>Counts what a test needs to see about its construction.</summary>
public sealed class ConstructionLog
{
    private int _constructions;

    public int Constructions => Volatile.Read(ref _constructions);

    private int _failuresToInject;

    /// <summary>When positive, the next constructions throw (and count down).</summary>
    public int FailuresToInject { get => _failuresToInject; init => _failuresToInject = value; }

    /// <summary>True (and counts down) while injected failures remain.</summary>
    public bool ShouldFail() => Interlocked.Decrement(ref _failuresToInject) >= 0;

    public void Record() => Interlocked.Increment(ref _constructions);
}

/// <summary>A test element Type: takes its context, a service and a logger by constructor injection, slowly.</summary>
[ElementType("tests.counters.CounterType", Meta = "tests.counters.Meta")]
public sealed class CounterElement : ICounter, IDisposable
{
    public CounterElement(ElementContext context, ConstructionLog log, ILogger<CounterElement> logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (log.ShouldFail())
        {
            throw new InvalidOperationException("injected construction failure");
        }

        log.Record();
        Thread.Sleep(50); // Widen the window in which racing first calls would construct twice.
        FullName = context.FullName;
        Context = context;
        Logger = logger;
    }

    public string FullName { get; }

    public ElementContext Context { get; }

    public ILogger<CounterElement> Logger { get; }

    public bool Disposed { get; private set; }

    public void Dispose() => Disposed = true;
}
