namespace NetOrbit.Training;

/// <summary>
/// Deterministic random numbers from a 64-bit seed: xoshiro256** (Blackman and Vigna) whose state is
/// filled by four SplitMix64 outputs of the seed. Uniform doubles are (next &gt;&gt; 11) * 2^-53 in [0, 1);
/// standard normals come from Marsaglia's polar method, both values of each accepted pair used in order.
/// The same seed gives the same sequence on every machine and thread count.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpare;

    public SeededRandom(long seed)
    {
        var x = unchecked((ulong)seed);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Derives an independent stream seed from a base seed and a stream index (SplitMix64 finaliser).</summary>
    public static long Derive(long seed, long stream)
    {
        var x = unchecked((ulong)seed ^ ((ulong)stream * 0xD1B54A32D192ED03UL));
        return unchecked((long)SplitMix64(ref x));
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-a, a).</summary>
    public double NextSymmetric(double a) => a * (2.0 * NextDouble() - 1.0);

    /// <summary>Uniform integer in [0, n) by rejection (no modulo bias).</summary>
    public int NextInt(int n)
    {
        var bound = (ulong)n;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(r % bound);
    }

    /// <summary>Standard normal N(0, 1) by the polar method.</summary>
    public double NextNormal()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareNormal;
        }

        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        var f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareNormal = v * f;
        _hasSpare = true;
        return u * f;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
