using NetOrbit.Data;

namespace NetOrbit.Contracts;

/// <summary>
/// The differentiable model of a run: loss, gradient and exact Hessian-vector products of the
/// training loss as functions of the flat parameter vector. Analysis stages use it to evaluate
/// ablations, sharpness and the Jacobian of the gradient-descent map. Implementations are not
/// thread-safe; create one per consumer with <see cref="Clone"/>.
/// </summary>
public interface INetworkModel
{
    /// <summary>Parameter order.</summary>
    ParameterLayout Layout { get; }

    /// <summary>Mean loss over <paramref name="split"/> at parameters <paramref name="w"/>.</summary>
    double Loss(ReadOnlySpan<double> w, DataSplit split);

    /// <summary>Mean loss and its gradient over <paramref name="split"/>; returns the loss.</summary>
    double Gradient(ReadOnlySpan<double> w, DataSplit split, Span<double> gradient);

    /// <summary>Exact product of the loss Hessian at <paramref name="w"/> with <paramref name="v"/> (Pearlmutter's R-operator).</summary>
    void HessianVectorProduct(ReadOnlySpan<double> w, ReadOnlySpan<double> v, DataSplit split, Span<double> result);

    /// <summary>
    /// Mean losses of several parameter vectors over <paramref name="split"/>: <paramref name="parameters"/>
    /// holds them row-major (count x P), <paramref name="losses"/> receives one loss each.
    /// Implementations may evaluate them together; the default calls <see cref="Loss"/> for each.
    /// </summary>
    void Losses(ReadOnlySpan<double> parameters, DataSplit split, Span<double> losses)
    {
        var p = Layout.Count;
        for (var i = 0; i < losses.Length; i++)
        {
            losses[i] = Loss(parameters.Slice(i * p, p), split);
        }
    }

    /// <summary>
    /// Advances several parameter vectors, row-major in <paramref name="parameters"/> (count x P), by
    /// <paramref name="steps"/> full-batch gradient-descent steps W &lt;- W - eta grad L(W) on
    /// <paramref name="split"/>, in place. A vector whose loss or weights become non-finite is set
    /// to NaN and not stepped again. Implementations may train them together (the trainer's
    /// ensemble kernels); the default steps each with <see cref="Gradient"/>.
    /// </summary>
    void GradientDescent(Span<double> parameters, DataSplit split, double eta, int steps)
    {
        var p = Layout.Count;
        var gradient = new double[p];
        for (var start = 0; start + p <= parameters.Length; start += p)
        {
            var w = parameters.Slice(start, p);
            for (var s = 0; s < steps && !double.IsNaN(w[0]); s++)
            {
                var loss = Gradient(w, split, gradient);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(gradient, -eta, w, w);
                if (!double.IsFinite(loss) || !System.Numerics.Tensors.TensorPrimitives.IsFiniteAll<double>(w))
                {
                    w.Fill(double.NaN);
                }
            }
        }
    }

    /// <summary>
    /// Weight ablation of weight matrix <paramref name="layer"/> (0 = inputs to the first hidden
    /// layer): <paramref name="losses"/>[k] receives the mean loss over <paramref name="split"/> of
    /// <paramref name="w"/> with the matrix's k-th weight (in parameter order) set to zero; returns
    /// the loss of <paramref name="w"/> itself. The default evaluates every ablated network with
    /// <see cref="Losses"/>; an implementation may instead update the trained network's activations,
    /// since zeroing one weight changes one unit's input.
    /// </summary>
    double AblationLosses(ReadOnlySpan<double> w, DataSplit split, int layer, Span<double> losses) =>
        NetworkAblation.ByLosses(this, w, split, layer, losses);

    /// <summary>Predicted class index of every row of <paramref name="split"/>.</summary>
    void Predict(ReadOnlySpan<double> w, DataSplit split, Span<int> predictions);

    /// <summary>An independent instance for use on another thread.</summary>
    INetworkModel Clone();
}
