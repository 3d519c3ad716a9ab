using System.Runtime.CompilerServices;
namespace NetOrbit.Graph.Kernels;

/// <summary>
/// Node strengths induced by one weight matrix W [rows = source neurons x cols = target neurons],
/// row-major. The out-strength of source neuron i is sum_j |W[i,j]| (signed: sum_j W[i,j]); the
/// in-strength of target neuron j is sum_i |W[i,j]| (signed: sum_i W[i,j]). Biases are not edges.
/// </summary>
internal static class NeuronStrengths
{
    /// <summary>Fills the four strength vectors (lengths rows, rows, cols, cols).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compute(
        ReadOnlySpan<double> weights,
        int rows,
        int cols,
        Span<double> outStrength,
        Span<double> outSigned,
        Span<double> inStrength,
        Span<double> inSigned)
    {
        if (weights.Length != rows * cols || outStrength.Length != rows || outSigned.Length != rows || inStrength.Length != cols || inSigned.Length != cols)
        {
            throw new ArgumentException("Matrix and strength vector sizes disagree.");
        }

        inStrength.Clear();
        inSigned.Clear();
        for (var i = 0; i < rows; i++)
        {
            var row = weights.Slice(i * cols, cols);
            double abs = 0, signed = 0;
            for (var j = 0; j < cols; j++)
            {
                var w = row[j];
                abs += Math.Abs(w);
                signed += w;
                inStrength[j] += Math.Abs(w);
                inSigned[j] += w;
            }

            outStrength[i] = abs;
            outSigned[i] = signed;
        }
    }
}
