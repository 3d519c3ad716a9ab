namespace NetOrbit.Tests.Support;

/// <summary>
/// A deliberately plain float64 multilayer perceptron (sigmoid hidden layers, softmax output,
/// mean cross-entropy), written from the textbook equations with no shared code, used as an
/// independent oracle. Parameter order: per layer W [in x out] row-major, then b.
/// </summary>
internal static class ReferenceMlp
{
    public static (double Loss, double Accuracy, double[] Gradient) LossAndGradient(int[] sizes, double[] w, double[][] x, int[] y)
    {
        var layers = sizes.Length - 1;
        var offsets = new int[layers];
        for (int l = 0, o = 0; l < layers; l++)
        {
            offsets[l] = o;
            o += (sizes[l] * sizes[l + 1]) + sizes[l + 1];
        }

        var grad = new double[w.Length];
        double loss = 0;
        var correct = 0;
        for (var n = 0; n < x.Length; n++)
        {
            var a = new double[layers + 1][];
            a[0] = x[n];
            for (var l = 0; l < layers; l++)
            {
                var z = new double[sizes[l + 1]];
                for (var j = 0; j < z.Length; j++)
                {
                    var s = w[offsets[l] + (sizes[l] * sizes[l + 1]) + j];
                    for (var i = 0; i < sizes[l]; i++)
                    {
                        s += a[l][i] * w[offsets[l] + (i * sizes[l + 1]) + j];
                    }

                    z[j] = s;
                }

                if (l < layers - 1)
                {
                    a[l + 1] = z.Select(v => 1.0 / (1.0 + Math.Exp(-v))).ToArray();
                }
                else
                {
                    var max = z.Max();
                    var e = z.Select(v => Math.Exp(v - max)).ToArray();
                    var sum = e.Sum();
                    a[l + 1] = e.Select(v => v / sum).ToArray();
                }
            }

            var p = a[layers];
            loss -= Math.Log(p[y[n]]);
            var argmax = Array.IndexOf(p, p.Max());
            correct += argmax == y[n] ? 1 : 0;

            var delta = p.Select((v, k) => v - (k == y[n] ? 1.0 : 0.0)).ToArray();
            for (var l = layers - 1; l >= 0; l--)
            {
                for (var j = 0; j < sizes[l + 1]; j++)
                {
                    grad[offsets[l] + (sizes[l] * sizes[l + 1]) + j] += delta[j];
                    for (var i = 0; i < sizes[l]; i++)
                    {
                        grad[offsets[l] + (i * sizes[l + 1]) + j] += a[l][i] * delta[j];
                    }
                }

                if (l > 0)
                {
                    var prev = new double[sizes[l]];
                    for (var i = 0; i < sizes[l]; i++)
                    {
                        double s = 0;
                        for (var j = 0; j < sizes[l + 1]; j++)
                        {
                            s += w[offsets[l] + (i * sizes[l + 1]) + j] * delta[j];
                        }

                        prev[i] = s * a[l][i] * (1 - a[l][i]);
                    }

                    delta = prev;
                }
            }
        }

        for (var i = 0; i < grad.Length; i++)
        {
            grad[i] /= x.Length;
        }

        return (loss / x.Length, correct / (double)x.Length, grad);
    }
}
