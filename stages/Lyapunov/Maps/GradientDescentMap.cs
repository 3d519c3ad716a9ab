using System.Numerics.Tensors;
using NetOrbit.Contracts;
using NetOrbit.Data;

namespace NetOrbit.Lyapunov;

/// <summary>
/// Full-batch gradient descent W -&gt; W - eta grad L(W) as a discrete map. Its Jacobian is
/// I - eta H(W), applied with the model's exact Hessian-vector products (no finite differences).
/// </summary>
public sealed class GradientDescentMap : IDiscreteMap
{
    private readonly INetworkModel _model;
    private readonly DataSplit _split;

    /// <summary>GD of <paramref name="model"/> on <paramref name="split"/> with learning rate <paramref name="eta"/> &gt; 0.</summary>
    public GradientDescentMap(INetworkModel model, DataSplit split, double eta)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        if (!(eta > 0) || !double.IsFinite(eta))
        {
            throw new ArgumentOutOfRangeException(nameof(eta), eta, "The learning rate must be positive and finite.");
        }

        _model = model;
        _split = split;
        Eta = eta;
        Dimension = model.Layout.Count;
    }

    /// <summary>Learning rate.</summary>
    public double Eta { get; }

    /// <inheritdoc />
    public int Dimension { get; }

    /// <inheritdoc />
    public void Step(ReadOnlySpan<double> x, Span<double> next)
    {
        _model.Gradient(x, _split, next);
        TensorPrimitives.MultiplyAdd(next, -Eta, x, next);
    }

    /// <summary>
    /// Advances the states held row-major in <paramref name="states"/> (count x <see cref="Dimension"/>)
    /// by <paramref name="steps"/> steps together (<see cref="INetworkModel.GradientDescent"/>); a state
    /// that diverges becomes NaN.
    /// </summary>
    public void StepMany(Span<double> states, int steps) => _model.GradientDescent(states, _split, Eta, steps);

    /// <inheritdoc />
    public void JacobianProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        _model.HessianVectorProduct(x, v, _split, result);
        TensorPrimitives.MultiplyAdd(result, -Eta, v, result);
    }

    /// <summary>The Hessian of the loss as a linear operator at <paramref name="w"/> (for sharpness).</summary>
    public void Hessian(ReadOnlySpan<double> w, ReadOnlySpan<double> v, Span<double> result) =>
        _model.HessianVectorProduct(w, v, _split, result);
}
