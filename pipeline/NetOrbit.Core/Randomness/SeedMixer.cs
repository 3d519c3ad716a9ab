namespace NetOrbit.Randomness;

/// <summary>
/// The one place seeds are derived: every seed NetOrbit uses is a pure function of the configuration,
/// computed here with the SplitMix64 finaliser (Steele, Lea and Flood). <see cref="Mix"/> derives run
/// and per-estimator seeds from a base seed and indices; <see cref="Derive"/> splits a seed into
/// numbered streams (the perturbed ensemble members); <see cref="SeededRandom"/> expands a seed into
/// its generator state with the same SplitMix64 step.
/// </summary>
public static class SeedMixer
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>Mixes <paramref name="seed"/> with <paramref name="indices"/> into a new non-negative seed.</summary>
    /// <param name="seed">The base seed.</param>
    /// <param name="indices">Indices (or salts) naming what the seed is for; order matters.</param>
    /// <returns>A seed in [0, 2^63).</returns>
    public static long Mix(long seed, params long[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var x = unchecked((ulong)seed);
        foreach (var i in indices)
        {
            x = Finalize(x ^ Finalize(unchecked((ulong)i + Golden)));
        }

        return (long)(Finalize(x) >> 1);
    }

    /// <summary>
    /// The seed of stream <paramref name="stream"/> of <paramref name="seed"/>: one SplitMix64 output of
    /// <c>seed ^ (stream * 0xD1B54A32D192ED03)</c>. Member j of an ensemble is perturbed with the
    /// generator seeded by <c>Derive(perturbationSeed, j)</c>.
    /// </summary>
    /// <param name="seed">The base seed.</param>
    /// <param name="stream">The stream index.</param>
    /// <returns>A 64-bit seed (any sign).</returns>
    public static long Derive(long seed, long stream)
    {
        var x = unchecked((ulong)seed ^ ((ulong)stream * 0xD1B54A32D192ED03UL));
        return unchecked((long)SplitMix64(ref x));
    }

    /// <summary>One SplitMix64 step: advances <paramref name="state"/> by the golden gamma and returns its finalised value.</summary>
    internal static ulong SplitMix64(ref ulong state)
    {
        state = unchecked(state + Golden);
        return Finalize(state);
    }

    /// <summary>The SplitMix64 finaliser (a bijection of 64-bit words).</summary>
    private static ulong Finalize(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
