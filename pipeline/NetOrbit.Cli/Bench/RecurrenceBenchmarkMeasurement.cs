using NetOrbit.Recurrence;

namespace NetOrbit.Cli.Bench;

/// <summary>Timing of one workload: embedding and threshold excluded unless the description says otherwise.</summary>
/// <param name="Workload">Short name: <c>roessler</c>, <c>trajectory</c>, <c>trajectory-rr</c>.</param>
/// <param name="Description">What was computed.</param>
/// <param name="States">Number of states N (the recurrence matrix is N x N).</param>
/// <param name="Dimension">Coordinates per state.</param>
/// <param name="BestSeconds">Fastest repeat.</param>
/// <param name="MedianSeconds">Median repeat.</param>
/// <param name="BestCpuSeconds">Processor time (all threads) of the fastest repeat; with the wall time it shows how busy the machine was.</param>
/// <param name="TargetSeconds">The target on the 2-core reference machine.</param>
/// <param name="PublishedSeconds">Published times of other tools for the same computation, by tool.</param>
/// <param name="Epsilon">The threshold used.</param>
/// <param name="RR">Recurrence rate found.</param>
/// <param name="DET">Determinism found.</param>
/// <param name="LAM">Laminarity found.</param>
internal sealed record RecurrenceBenchmarkMeasurement(
    string Workload,
    string Description,
    int States,
    int Dimension,
    double BestSeconds,
    double MedianSeconds,
    double BestCpuSeconds,
    double TargetSeconds,
    IReadOnlyDictionary<string, double> PublishedSeconds,
    double Epsilon,
    double RR,
    double DET,
    double LAM);
