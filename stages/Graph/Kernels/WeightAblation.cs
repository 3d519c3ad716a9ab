using NetOrbit.Contracts;
using NetOrbit.Data;

namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Single-weight ablation of a trained network (the paper's Fig. 5 left): each weight of one block
/// is set to zero in turn, every other parameter kept, and the loss recomputed on a split.
/// </summary>
internal static class WeightAblation
{
    /// <summary>
    /// Writes into <paramref name="ablatedLoss"/>[k] the loss with parameter
    /// <c>block.Offset + k</c> set to zero, and returns the baseline loss of <paramref name="w"/>.
    /// The ratio L_w / L is the caller's (it is infinite or NaN for a zero baseline loss).
    /// </summary>
    public static double Run(INetworkModel model, ReadOnlySpan<double> w, DataSplit split, ParameterBlock block, Span<double> ablatedLoss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(block);
        if (ablatedLoss.Length != block.Length || block.Offset + block.Length > w.Length)
        {
            throw new ArgumentException("Block does not fit the parameter vector or the output.");
        }

        // Row 0: the trained network; row 1 + k: weight k zeroed. Evaluated together, so a model
        // that batches networks (the trainer's kernels) computes every loss the same way.
        var p = w.Length;
        var networks = new double[(block.Length + 1) * p];
        for (var k = 0; k <= block.Length; k++)
        {
            w.CopyTo(networks.AsSpan(k * p, p));
            if (k > 0)
            {
                networks[(k * p) + block.Offset + k - 1] = 0;
            }
        }

        var losses = new double[block.Length + 1];
        model.Losses(networks, split, losses);
        losses.AsSpan(1).CopyTo(ablatedLoss);
        return losses[0];
    }
}
