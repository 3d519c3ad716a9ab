namespace NetOrbit.Recurrence;

/// <summary>
/// Specification of the recurrence threshold eps, following RecurrenceAnalysis.jl:
/// <c>RecurrenceThreshold</c>, <c>RecurrenceThresholdScaled(ratio, maximum)</c>,
/// <c>RecurrenceThresholdScaled(ratio, std)</c> and <c>GlobalRecurrenceRate(q)</c>.
/// Two states i, j recur when distance(i, j) &lt;= eps.
/// </summary>
/// <remarks>
/// Conventions (identical to RecurrenceAnalysis.jl): the maximum is taken over all pairs;
/// the standard deviation is the corrected (N^2 - 1) standard deviation of the full N x N
/// distance matrix, zero diagonal included; the recurrence-rate threshold is the q-quantile
/// (Hyndman-Fan type 7, Julia's default) of the full N x N distance matrix, zero diagonal
/// included, found by exact selection, so the resulting recurrence rate outside the Theiler
/// window is close to, not exactly, q.
/// </remarks>
/// <param name="Kind">How <paramref name="Value"/> is turned into eps.</param>
/// <param name="Value">A distance (Fixed, &gt;= 0), a ratio (&gt; 0) or a rate in (0, 1).</param>
public sealed record RecurrenceThreshold(ThresholdKind Kind, double Value)
{
    /// <summary>eps = <paramref name="epsilon"/> (a distance, &gt;= 0).</summary>
    public static RecurrenceThreshold Fixed(double epsilon) => new(ThresholdKind.Fixed, epsilon);

    /// <summary>eps = <paramref name="ratio"/> times the largest distance between two states.</summary>
    public static RecurrenceThreshold FractionOfMaximum(double ratio) => new(ThresholdKind.FractionOfMaximum, ratio);

    /// <summary>eps = <paramref name="ratio"/> times the standard deviation of the distance matrix.</summary>
    public static RecurrenceThreshold FractionOfStandardDeviation(double ratio) =>
        new(ThresholdKind.FractionOfStandardDeviation, ratio);

    /// <summary>eps = the <paramref name="rate"/>-quantile of the distance matrix, rate in (0, 1).</summary>
    public static RecurrenceThreshold RecurrenceRate(double rate) => new(ThresholdKind.RecurrenceRate, rate);

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when the value is out of range.</summary>
    public void Validate(string optionName = "threshold")
    {
        switch (Kind)
        {
            case ThresholdKind.Fixed:
                if (!double.IsFinite(Value) || Value < 0)
                {
                    throw new ArgumentException($"{optionName}: a fixed threshold must be a finite distance >= 0, got {Value}.", optionName);
                }

                break;
            case ThresholdKind.FractionOfMaximum:
            case ThresholdKind.FractionOfStandardDeviation:
                if (!double.IsFinite(Value) || Value <= 0)
                {
                    throw new ArgumentException($"{optionName}: a threshold ratio must be finite and > 0, got {Value}.", optionName);
                }

                break;
            case ThresholdKind.RecurrenceRate:
                if (!(Value > 0 && Value < 1))
                {
                    throw new ArgumentException($"{optionName}: a recurrence rate must lie in (0, 1), got {Value}.", optionName);
                }

                break;
            default:
                throw new ArgumentException($"{optionName}: unknown threshold kind {Kind}.", optionName);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ThresholdKind.Fixed => $"eps={Value:R}",
        ThresholdKind.FractionOfMaximum => $"eps={Value:R}*max",
        ThresholdKind.FractionOfStandardDeviation => $"eps={Value:R}*std",
        _ => $"rr={Value:R}",
    };
}
