using System.Reflection;
using JitRuntime.Composition;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Support;

/// <summary>The element families the distribution composes (JitElementFamilies), as they declare themselves, and the assemblies around them.</summary>
public static class ComposedFamilies
{
    /// <summary>Every family registered by <c>AddJitElementFamilies</c>.</summary>
    public static IReadOnlyList<ElementFamily> All()
    {
        var services = new ServiceCollection().AddJitElementFamilies(new ConfigurationBuilder().Build());
        return services.Where(s => s.ImplementationInstance is ElementFamily).Select(s => (ElementFamily)s.ImplementationInstance!).ToList();
    }

    /// <summary>The core (<c>JitRuntime.Core</c>).</summary>
    public static Assembly Core => typeof(JitRuntime.Apps.JitApp).Assembly;

    /// <summary>The host (<c>jit</c>).</summary>
    public static Assembly Host => typeof(JitRuntime.Host.JitServices).Assembly;

    /// <summary>The composition point (<c>JitRuntime</c>: JitElementFamilies, JitApps).</summary>
    public static Assembly Composition => typeof(JitRuntime.JitApps).Assembly;

    /// <summary>The host, the composition point, the core and every family: all the code the runtime ships.</summary>
    public static IReadOnlyList<Assembly> Runtime() => [Host, Composition, Core, .. All().Select(f => f.Assembly)];
}
