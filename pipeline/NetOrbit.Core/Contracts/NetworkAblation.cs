using NetOrbit.Data;

namespace NetOrbit.Contracts;

/// <summary>Weight ablation by plain evaluation, the default of <see cref="INetworkModel.AblationLosses"/>.</summary>
public static class NetworkAblation
{
    /// <summary>
    /// <see cref="INetworkModel.AblationLosses"/> by building every ablated network (row 0 the
    /// trained one, row 1 + k weight k zeroed) and evaluating them together with
    /// <see cref="INetworkModel.Losses"/>, so a model that batches networks computes every loss the
    /// same way.
    /// </summary>
    public static double ByLosses(INetworkModel model, ReadOnlySpan<double> w, DataSplit split, int layer, Span<double> losses)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        var layout = model.Layout;
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, layout.LayerCount);
        var block = layout.Weights(layer);
        if (w.Length != layout.Count || losses.Length != block.Length)
        {
            throw new ArgumentException($"expected {layout.Count} parameters and {block.Length} losses, got {w.Length} and {losses.Length}");
        }

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

        var all = new double[block.Length + 1];
        model.Losses(networks, split, all);
        all.AsSpan(1).CopyTo(losses);
        return all[0];
    }
}
