namespace NetOrbit.Running;

/// <summary>Derives independent seeds from a base seed and indices (SplitMix64 finaliser), so every run's randomness is a pure function of the configuration.</summary>
public static class SeedMixer
{
    /// <summary>Mixes <paramref name="seed"/> with <paramref name="indices"/> into a new non-negative seed.</summary>
    public static long Mix(long seed, params long[] indices)
    {
        var x = unchecked((ulong)seed);
        foreach (var i in indices)
        {
            x = Finalize(x ^ Finalize(unchecked((ulong)i + 0x9E3779B97F4A7C15UL)));
        }

        return (long)(Finalize(x) >> 1);
    }

    private static ulong Finalize(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
