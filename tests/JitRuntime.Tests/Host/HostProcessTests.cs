namespace JitRuntime.Tests.Host;

/// <summary>Tests that start host processes run one class at a time: each process compiles and starts a web host, which on two cores would starve the rest.</summary>
[CollectionDefinition(Name)]
public sealed class HostProcessTests
{
    public const string Name = "host processes";
}
