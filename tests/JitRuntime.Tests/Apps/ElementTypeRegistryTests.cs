using JitRuntime.Tests.Support;
using JitRuntime.Types;
using Microsoft.Extensions.DependencyInjection;

namespace JitRuntime.Tests.Apps;

/// <summary>Registrations that contradict each other fail at startup with a message that says how to fix them.</summary>
public sealed class ElementTypeRegistryTests
{
    private sealed class NotACounter;

    [Fact]
    public void A_type_whose_meta_is_not_registered_is_refused()
    {
        var act = () => new ElementTypeRegistry([new ElementTypeDescriptor("x.Type", ElementKind.Type, typeof(CounterElement), "x.Meta")]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*'x.Meta', which is not registered; call AddElementMeta*");
    }

    [Fact]
    public void A_type_that_does_not_implement_its_meta_contract_is_refused()
    {
        var act = () => new ElementTypeRegistry([
            new ElementTypeDescriptor("x.Meta", ElementKind.Meta, typeof(ICounter)),
            new ElementTypeDescriptor("x.Type", ElementKind.Type, typeof(NotACounter), "x.Meta"),
        ]);

        act.Should().Throw<InvalidOperationException>().WithMessage("*must implement JitRuntime.Tests.Support.ICounter*");
    }

    [Fact]
    public void One_name_registered_for_two_classes_is_refused_but_a_repeated_registration_is_harmless()
    {
        var meta = new ElementTypeDescriptor("x.Meta", ElementKind.Meta, typeof(ICounter));
        var conflict = () => new ElementTypeRegistry([meta, new ElementTypeDescriptor("x.Meta", ElementKind.Meta, typeof(NotACounter))]);

        conflict.Should().Throw<InvalidOperationException>().WithMessage("*registered twice*");
        new ElementTypeRegistry([meta, meta]).All.Should().ContainSingle();
    }

    [Fact]
    public void AddElementType_reads_the_attribute_and_rejects_names_that_are_not_fullNames()
    {
        using var services = TestRuntime.Services(s => s.AddSingleton(new ConstructionLog()).AddElementMeta<ICounter>().AddElementType<CounterElement>());
        var registry = services.GetRequiredService<ElementTypeRegistry>();

        registry.TryGet("tests.counters.CounterType", out var descriptor).Should().BeTrue();
        descriptor.MetaName.Should().Be("tests.counters.Meta");
        var act = () => new ServiceCollection().AddElementType<CounterElement>("not a name");
        act.Should().Throw<ArgumentException>().WithMessage("*not a fullName*");
    }
}
