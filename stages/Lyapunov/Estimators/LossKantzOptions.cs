namespace NetOrbit.Lyapunov;

/// <summary>
/// Options of the paper's Kantz-type analysis of a scalar loss series (its Fig. 11). Defaults are the
/// paper's: 1000 reference points, neighbours within 5e-5, n = 0..24, best-R^2 window n = 1..m-1 with
/// m in 5..25, significance from a fixed regression over n = 1..10 at p &lt;= 0.05.
/// </summary>
public sealed record LossKantzOptions
{
    /// <summary>Number of reference points drawn (without replacement, seeded); all usable points when fewer. Default 1000.</summary>
    public int ReferencePoints { get; init; } = 1000;

    /// <summary>Neighbours j of reference i satisfy |x_j - x_i| &lt;= Tolerance (&gt; 0). Default 5e-5.</summary>
    public double Tolerance { get; init; } = 5e-5;

    /// <summary>Last step of the divergence curve (n = 0..MaxSteps). Default 24.</summary>
    public int MaxSteps { get; init; } = 24;

    /// <summary>Smallest window end m (the fit covers n = 1..m-1). Default 5.</summary>
    public int WindowMin { get; init; } = 5;

    /// <summary>Largest window end m (&lt;= MaxSteps + 1). Default 25.</summary>
    public int WindowMax { get; init; } = 25;

    /// <summary>First step of the fixed significance regression. Default 1.</summary>
    public int SignificanceStart { get; init; } = 1;

    /// <summary>Number of steps of the fixed significance regression (&gt;= 3). Default 10.</summary>
    public int SignificanceLength { get; init; } = 10;

    /// <summary>Significance level of the two-sided slope t test. Default 0.05.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>Theiler window: neighbours need |i - j| &gt; W (the point itself is always excluded). Default 0.</summary>
    public int Theiler { get; init; }

    /// <summary>Seed of the reference-point draw. Default 1.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(ReferencePoints >= 1, nameof(ReferencePoints), "must be >= 1");
        Require(Tolerance > 0 && double.IsFinite(Tolerance), nameof(Tolerance), "must be positive");
        Require(MaxSteps >= 3, nameof(MaxSteps), "must be >= 3");
        Require(WindowMin >= 3, nameof(WindowMin), "must be >= 3");
        Require(WindowMax >= WindowMin && WindowMax <= MaxSteps + 1, nameof(WindowMax), "must be in [WindowMin, MaxSteps + 1]");
        Require(SignificanceStart >= 0, nameof(SignificanceStart), "must be >= 0");
        Require(SignificanceLength >= 3 && SignificanceStart + SignificanceLength - 1 <= MaxSteps, nameof(SignificanceLength), "must be >= 3 and end by MaxSteps");
        Require(Alpha is > 0 and < 1, nameof(Alpha), "must be in (0, 1)");
        Require(Theiler >= 0, nameof(Theiler), "must be >= 0");
    }

    private static void Require(bool ok, string name, string what)
    {
        if (!ok)
        {
            throw new ArgumentException($"LossKantzOptions.{name} {what}.", name);
        }
    }
}
