using NetOrbit.Data;

namespace NetOrbit.Stages;

/// <summary>What a stage may use for one run besides the snapshots: the run's data and differentiable model, and the experiment's thread budget and cancellation.</summary>
/// <param name="Dataset">The dataset exactly as trained on.</param>
/// <param name="Model">The run's model (loss, gradient, Hessian-vector products); owned by the stage's run.</param>
/// <param name="OutputDirectory">The run directory, for stages that write files other than tables (figures).</param>
public sealed record RunContext(Dataset Dataset, Contracts.INetworkModel Model, string OutputDirectory)
{
    /// <summary>The thread budget (<c>--threads</c>) for work the stage parallelises itself; at least 1. Default 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Signalled when the experiment is cancelled or another block failed. Default: none.</summary>
    public CancellationToken CancellationToken { get; init; }
}
