using NetOrbit.Contracts;
using NetOrbit.Randomness;

namespace NetOrbit.Training;

/// <summary>
/// Seeded initial parameters and perturbed copies. Weights are drawn block by block in parameter-vector
/// order from one <c>xoshiro256**</c> stream seeded with the 64-bit seed (SplitMix64 expansion); biases
/// are zero. Identical seeds give identical vectors on every machine.
/// </summary>
public static class ParameterInitializer
{
    /// <summary>Fills <paramref name="parameters"/> (length P) with the initial network for <paramref name="seed"/>.</summary>
    public static void Initialize(MlpSpec spec, WeightInit init, long seed, Span<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var layout = spec.Layout;
        if (parameters.Length != layout.Count)
        {
            throw new ArgumentException($"parameters: expected length {layout.Count}, got {parameters.Length}.", nameof(parameters));
        }

        var rng = new SeededRandom(seed);
        for (var l = 0; l < layout.LayerCount; l++)
        {
            var w = layout.Weights(l);
            int fanIn = w.Shape[0], fanOut = w.Shape[1];
            var block = parameters.Slice(w.Offset, w.Length);
            switch (init)
            {
                case WeightInit.Normal:
                    for (var i = 0; i < block.Length; i++)
                    {
                        block[i] = rng.NextGaussian();
                    }

                    break;
                case WeightInit.Glorot:
                    var a = Math.Sqrt(6.0 / (fanIn + fanOut));
                    for (var i = 0; i < block.Length; i++)
                    {
                        block[i] = rng.NextSymmetric(a);
                    }

                    break;
                case WeightInit.He:
                    var sd = Math.Sqrt(2.0 / fanIn);
                    for (var i = 0; i < block.Length; i++)
                    {
                        block[i] = sd * rng.NextGaussian();
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(init));
            }

            var b = layout.Biases(l);
            parameters.Slice(b.Offset, b.Length).Clear();
        }
    }

    /// <summary>
    /// Writes <paramref name="reference"/> plus independent U(-eps, eps) noise on the targeted parameters into
    /// <paramref name="copy"/>; noise is drawn in parameter order, one draw per targeted parameter.
    /// </summary>
    public static void Perturb(ParameterLayout layout, ReadOnlySpan<double> reference, double epsilon, PerturbationTarget target, long seed, Span<double> copy)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (reference.Length != layout.Count || copy.Length != layout.Count)
        {
            throw new ArgumentException($"reference and copy must have length {layout.Count}.");
        }

        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and >= 0.");
        }

        var rng = new SeededRandom(seed);
        reference.CopyTo(copy);
        foreach (var block in layout.Blocks)
        {
            if (!block.IsWeight && target == PerturbationTarget.Weights)
            {
                continue;
            }

            for (var i = block.Offset; i < block.Offset + block.Length; i++)
            {
                copy[i] = reference[i] + rng.NextSymmetric(epsilon);
            }
        }
    }

    /// <summary>
    /// Fills an ensemble: member 0 is the reference network for <paramref name="initSeed"/>, member j &gt; 0 is
    /// perturbed with the stream <c>SeedMixer.Derive(perturbationSeed, j)</c>. Returns members x P.
    /// </summary>
    public static double[][] Ensemble(MlpSpec spec, WeightInit init, long initSeed, int members, double epsilon, PerturbationTarget target, long perturbationSeed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        var result = new double[members][];
        result[0] = new double[spec.ParameterCount];
        Initialize(spec, init, initSeed, result[0]);
        for (var j = 1; j < members; j++)
        {
            result[j] = new double[spec.ParameterCount];
            Perturb(spec.Layout, result[0], epsilon, target, SeedMixer.Derive(perturbationSeed, j), result[j]);
        }

        return result;
    }
}
