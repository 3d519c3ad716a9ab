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

        var baseline = model.Loss(w, split);
        var ablated = w.ToArray();
        for (var k = 0; k < block.Length; k++)
        {
            var index = block.Offset + k;
            var saved = ablated[index];
            ablated[index] = 0;
            ablatedLoss[k] = model.Loss(ablated, split);
            ablated[index] = saved;
        }

        return baseline;
    }
}
