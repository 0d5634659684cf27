using System.Reflection;

namespace JitRuntime.Composition;

/// <summary>
/// An element family a distribution composes (<c>databases</c>, <c>auths</c>): its name and the assembly that holds its
/// Types, stores, log events and instruments. Registered by the family's <c>Add...</c> method
/// (<see cref="Microsoft.Extensions.DependencyInjection.JitRuntimeServiceCollectionExtensions.AddElementFamily"/>), so
/// that what enumerates families (the architecture rules, the log-event catalogue) knows them without a list of its own.
/// </summary>
/// <param name="Name">The family's name: the first segment of its elements' fullNames.</param>
/// <param name="Assembly">The family's assembly.</param>
public sealed record ElementFamily(string Name, Assembly Assembly);
