namespace NetOrbit.Stages;

/// <summary>Marks an assembly's stage factory so that <c>netorbit run --plugin</c> can load it without scanning types.</summary>
/// <param name="factoryType">A public type implementing <see cref="IStageFactory"/> with a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class NetOrbitStageAttribute(Type factoryType) : Attribute
{
    /// <summary>The factory type.</summary>
    public Type FactoryType { get; } = factoryType;
}
