namespace JitRuntime.Authoring;

/// <summary>A request for a new element that cannot be composed (a usage error): the message says what to change.</summary>
public sealed class NewElementException(string message) : Diagnostics.JitRuntimeException(message);
