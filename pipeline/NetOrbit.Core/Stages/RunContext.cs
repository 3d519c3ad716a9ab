using NetOrbit.Data;

namespace NetOrbit.Stages;

/// <summary>What a stage may use besides the snapshots: the run's data and differentiable model.</summary>
/// <param name="Dataset">The dataset exactly as trained on.</param>
/// <param name="Model">The run's model (loss, gradient, Hessian-vector products); owned by the stage's run.</param>
/// <param name="OutputDirectory">The run directory, for stages that write files other than tables (figures).</param>
public sealed record RunContext(Dataset Dataset, Contracts.INetworkModel Model, string OutputDirectory);
