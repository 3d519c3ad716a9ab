namespace NetOrbit.Report.LrScan;

/// <summary>
/// Options of a learning-rate scan (<c>netorbit lr-scan CONFIG</c>): the logarithmic grid of
/// learning rates, the initial conditions per learning rate, and the test accuracy that counts as
/// "learnt". Everything else (datasets, architecture, initialisation, optimiser, steps, evaluation)
/// comes from the user's configuration.
/// </summary>
public sealed record LrScanOptions
{
    /// <summary>Smallest learning rate of the grid, &gt; 0. Default 1e-3.</summary>
    public double From { get; init; } = 1e-3;

    /// <summary>Largest learning rate of the grid, &gt; <see cref="From"/>. Default 20.</summary>
    public double To { get; init; } = 20;

    /// <summary>Learning rates in the grid (log-spaced, both ends included), 2..1000. Default 24.</summary>
    public int Count { get; init; } = 24;

    /// <summary>
    /// Initial conditions per learning rate, 1..10000; null: <see cref="DefaultInitialConditions"/>
    /// or the configuration's count when that is smaller.
    /// </summary>
    public int? InitialConditions { get; init; }

    /// <summary>Test accuracy (fraction correct) a run must reach to have learnt, in (0, 1]. Default 0.9.</summary>
    public double Target { get; init; } = 0.9;

    /// <summary>Perturbed copies per run when the configuration has none. Default 5.</summary>
    public int DefaultCopies { get; init; } = 5;

    /// <summary>Half-width eps of the copies' perturbation when the configuration has no copies. Default 1e-8.</summary>
    public double DefaultEpsilon { get; init; } = 1e-8;

    /// <summary>Sharpness evaluations per run besides step 0 (the lyapunov stage's <c>sharpness.every</c> is steps / this, unless the configuration sets it; the last step is always evaluated, and the scan reports it), 1..1000. Default 1: step 0 and the last step only (on digits 64-32-10 one evaluation costs about as much as 200 training steps).</summary>
    public int SharpnessEvaluations { get; init; } = 1;

    /// <summary>Initial conditions when neither the option nor a smaller configuration count says otherwise.</summary>
    public const int DefaultInitialConditions = 10;

    /// <summary>Every problem of the options, each naming the option (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(From > 0) || !double.IsFinite(From))
        {
            problems.Add($"--from must be a finite number > 0 (got {From})");
        }

        if (!(To > From) || !double.IsFinite(To))
        {
            problems.Add($"--to must be finite and larger than --from (got {To})");
        }

        if (Count is < 2 or > 1000)
        {
            problems.Add($"--count must be in 2..1000 (got {Count})");
        }

        if (InitialConditions is < 1 or > 10_000)
        {
            problems.Add($"--initial-conditions must be in 1..10000 (got {InitialConditions})");
        }

        if (!(Target > 0 && Target <= 1))
        {
            problems.Add($"--target must be in (0, 1] (got {Target})");
        }

        if (DefaultCopies is < 1 or > 10_000)
        {
            problems.Add($"copies must be in 1..10000 (got {DefaultCopies})");
        }

        if (!(DefaultEpsilon > 0) || !double.IsFinite(DefaultEpsilon))
        {
            problems.Add($"epsilon must be a finite number > 0 (got {DefaultEpsilon})");
        }

        if (SharpnessEvaluations is < 1 or > 1000)
        {
            problems.Add($"sharpness evaluations must be in 1..1000 (got {SharpnessEvaluations})");
        }

        return problems;
    }
}
