namespace NetOrbit.TimeSeries;

/// <summary>A series read from a file: <see cref="Length"/> samples of <see cref="Components"/> values each, row-major.</summary>
/// <param name="Values">Samples, row-major; every value finite.</param>
/// <param name="Components">Values per sample, &gt;= 1 (1 for a scalar series, P for a weights column).</param>
/// <param name="Column">The column(s) read, comma-separated, for reports.</param>
public sealed record Series(double[] Values, int Components, string Column)
{
    /// <summary>Number of samples.</summary>
    public int Length => Values.Length / Components;
}
