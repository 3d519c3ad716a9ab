using NetOrbit.Recurrence;
using NetOrbit.TimeSeries;

namespace NetOrbit.Cli.Commands;

/// <summary>
/// Options of <c>netorbit rqa SERIES ...</c> (see <see cref="RqaCommand"/>); each property maps to the
/// flag named in its summary. At most one threshold option may be given; without one eps is 10 % of
/// the maximum distance.
/// </summary>
internal sealed record RqaCommandOptions
{
    /// <summary>SERIES: a CSV file or an Arrow IPC file (.arrow).</summary>
    public required string Series { get; init; }

    /// <summary>--column NAME: the column to read (CSV without header: 1-based number). Default: every CSV column, or Arrow's <c>weights</c> / only numeric column.</summary>
    public string? Column { get; init; }

    /// <summary>--member K: in an Arrow file with a <c>member</c> column, the member to read (default 0, the reference).</summary>
    public int? Member { get; init; }

    /// <summary>--run ID: in an Arrow file with a <c>run_id</c> column holding several runs, the run to read.</summary>
    public string? Run { get; init; }

    /// <summary>--first N: use only the first N samples (before embedding), N &gt;= 1.</summary>
    public int? First { get; init; }

    /// <summary>--dim M: embedding dimension, &gt;= 1 (default 1: the samples are the states).</summary>
    public int Dimension { get; init; } = 1;

    /// <summary>--delay T: embedding delay in samples, &gt;= 1 (default 1).</summary>
    public int Delay { get; init; } = 1;

    /// <summary>--threshold EPS: fixed distance threshold, &gt;= 0.</summary>
    public double? Threshold { get; init; }

    /// <summary>--recurrence-rate RR: eps is the RR-quantile of all distances, RR in (0, 1).</summary>
    public double? RecurrenceRate { get; init; }

    /// <summary>--threshold-max F: eps = F times the maximum distance, F &gt; 0.</summary>
    public double? ThresholdFractionOfMaximum { get; init; }

    /// <summary>--threshold-std F: eps = F times the standard deviation of the distances, F &gt; 0.</summary>
    public double? ThresholdFractionOfStandardDeviation { get; init; }

    /// <summary>--metric euclidean|max|manhattan (default euclidean).</summary>
    public string Metric { get; init; } = "euclidean";

    /// <summary>--theiler W: Theiler window, &gt;= 0 (default 1).</summary>
    public int Theiler { get; init; } = 1;

    /// <summary>--lmin L: minimum diagonal line length, &gt;= 1 (default 2).</summary>
    public int Lmin { get; init; } = 2;

    /// <summary>--vmin V: minimum vertical line length, &gt;= 1 (default 2).</summary>
    public int Vmin { get; init; } = 2;

    /// <summary>--window W: windowed RQA over W states per window (requires --step).</summary>
    public int? Window { get; init; }

    /// <summary>--step S: distance between window starts, in states.</summary>
    public int? Step { get; init; }

    /// <summary>--json: print JSON instead of text.</summary>
    public bool Json { get; init; }

    /// <summary>--plot FILE.png: recurrence plot image (not available yet: rejected with exit code 2).</summary>
    public string? Plot { get; init; }

    /// <summary>--threads N: worker threads, &gt;= 1, or -1 for all cores (default). Results do not depend on it.</summary>
    public int Threads { get; init; } = -1;

    /// <summary>The analysis options these command options describe; throws <see cref="ArgumentException"/> naming the flag.</summary>
    public RqaOptions ToRqaOptions()
    {
        int given = new[] { Threshold, RecurrenceRate, ThresholdFractionOfMaximum, ThresholdFractionOfStandardDeviation }.Count(v => v is not null);
        if (given > 1)
        {
            throw new ArgumentException("--threshold, --recurrence-rate, --threshold-max and --threshold-std exclude each other; give one.");
        }

        var threshold = Threshold is { } eps ? RecurrenceThreshold.Fixed(eps)
            : RecurrenceRate is { } rr ? RecurrenceThreshold.RecurrenceRate(rr)
            : ThresholdFractionOfMaximum is { } fm ? RecurrenceThreshold.FractionOfMaximum(fm)
            : ThresholdFractionOfStandardDeviation is { } fs ? RecurrenceThreshold.FractionOfStandardDeviation(fs)
            : RecurrenceThreshold.FractionOfMaximum(0.1);
        string flag = Threshold is not null ? "--threshold" : RecurrenceRate is not null ? "--recurrence-rate"
            : ThresholdFractionOfMaximum is not null ? "--threshold-max" : "--threshold-std";
        threshold.Validate(flag);
        if (!DistanceMetricNames.TryParse(Metric, out var metric))
        {
            throw new ArgumentException($"--metric: unknown metric '{Metric}'; use euclidean, max or manhattan.");
        }

        Require(Dimension >= 1, $"--dim must be >= 1, got {Dimension}.");
        Require(Delay >= 1, $"--delay must be >= 1, got {Delay}.");
        Require(Theiler >= 0, $"--theiler must be >= 0, got {Theiler}.");
        Require(Lmin >= 1, $"--lmin must be >= 1, got {Lmin}.");
        Require(Vmin >= 1, $"--vmin must be >= 1, got {Vmin}.");
        Require(First is null or >= 1, $"--first must be >= 1, got {First}.");
        Require(Member is null or >= 0, $"--member must be >= 0, got {Member}.");
        Require(Threads == -1 || Threads >= 1, $"--threads must be >= 1 or -1, got {Threads}.");
        Require((Window is null) == (Step is null), "--window and --step go together.");
        Require(Window is null or >= 2, $"--window must be >= 2, got {Window}.");
        Require(Step is null or >= 1, $"--step must be >= 1, got {Step}.");
        Require(Window is null || Window > Theiler, $"--window ({Window}) must be larger than --theiler ({Theiler}).");
        return new RqaOptions
        {
            Metric = metric,
            Threshold = threshold,
            TheilerWindow = Theiler,
            MinDiagonalLine = Lmin,
            MinVerticalLine = Vmin,
            MaxDegreeOfParallelism = Threads,
        };
    }

    /// <summary>What to read from <see cref="Series"/>: numbered CSV columns start at 1, and every CSV column is read without --column.</summary>
    public SeriesSelection ToSeriesSelection() => new() { Column = Column, Member = Member, Run = Run, First = First };

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
