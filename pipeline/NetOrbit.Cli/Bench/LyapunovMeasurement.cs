using NetOrbit.Lyapunov;

namespace NetOrbit.Cli.Bench;

/// <summary>One timing of <see cref="LyapunovBenchmark.Run"/>.</summary>
/// <param name="Name">What was timed, e.g. <c>spectrum k=10</c>.</param>
/// <param name="Unit">What one operation is, e.g. <c>GD step</c>.</param>
/// <param name="PerSecond">Operations per second.</param>
/// <param name="Microseconds">Microseconds per operation.</param>
internal sealed record LyapunovMeasurement(string Name, string Unit, double PerSecond, double Microseconds);
