using NetOrbit.Recurrence;

namespace NetOrbit.Cli.Bench;

/// <summary>What <see cref="RecurrenceBenchmarks.Run"/> measured, with the machine it ran on.</summary>
/// <param name="ProcessorCount">Logical processors of the machine.</param>
/// <param name="Threads">Worker threads used.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="Measurements">One entry per workload.</param>
internal sealed record RecurrenceBenchmarkResult(int ProcessorCount, int Threads, string Runtime, IReadOnlyList<RecurrenceBenchmarkMeasurement> Measurements);
