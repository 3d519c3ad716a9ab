namespace NetOrbit.Lyapunov;

/// <summary>Derives a per-run 32-bit seed from an option seed and the run's perturbation seed (SplitMix64 finaliser).</summary>
internal static class SeedMix
{
    public static int Mix(long optionSeed, long runSeed, int salt)
    {
        unchecked
        {
            var z = (ulong)optionSeed * 0x9E3779B97F4A7C15UL ^ (ulong)runSeed ^ ((ulong)salt << 56);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (int)(z & 0x7FFFFFFF);
        }
    }
}
