namespace NetOrbit.Training;

/// <summary>Per-layer work buffers of the kernels: activations and deltas of layers 1..L, [unit][sample].</summary>
internal sealed record MlpBuffers(double[][] Activations, double[][] Deltas);
