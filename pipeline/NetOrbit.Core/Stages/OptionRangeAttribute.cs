namespace NetOrbit.Stages;

/// <summary>The allowed range of a numeric stage option, checked by <see cref="StageOptionsBinder"/> with the wording of <see cref="OptionProblem.OutOfRange"/>.</summary>
/// <param name="min">Smallest allowed value (<see cref="double.NegativeInfinity"/>: none).</param>
/// <param name="max">Largest allowed value (<see cref="double.PositiveInfinity"/>: none).</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionRangeAttribute(double min, double max = double.PositiveInfinity) : Attribute
{
    /// <summary>Smallest allowed value.</summary>
    public double Min { get; } = min;

    /// <summary>Largest allowed value.</summary>
    public double Max { get; } = max;

    /// <summary>The minimum itself is not allowed.</summary>
    public bool MinExclusive { get; init; }

    /// <summary>The maximum itself is not allowed.</summary>
    public bool MaxExclusive { get; init; }

    /// <summary>Whether <paramref name="value"/> lies in the range.</summary>
    public bool Contains(double value) =>
        (MinExclusive ? value > Min : value >= Min) && (MaxExclusive ? value < Max : value <= Max);
}
