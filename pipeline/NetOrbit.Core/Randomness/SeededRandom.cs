using System.Numerics;

namespace NetOrbit.Randomness;

/// <summary>
/// NetOrbit's one random number generator: xoshiro256** (Blackman and Vigna) whose 256-bit state is
/// four successive SplitMix64 outputs of a 64-bit seed (<see cref="SeedMixer"/>). Unlike
/// <see cref="System.Random"/>, whose sequence for a seed may change between .NET versions, the
/// sequence here is fixed by this code: the same seed gives the same numbers on every machine,
/// runtime and thread count. Not thread-safe; give each consumer its own instance.
/// </summary>
/// <remarks>
/// Uniform doubles are <c>(next &gt;&gt; 11) * 2^-53</c> in [0, 1); bounded integers are drawn by rejection
/// (no modulo bias); Gaussian draws use Marsaglia's polar method, both values of each accepted pair
/// returned in order.
/// </remarks>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>A generator whose sequence is a pure function of <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit seed (0 included).</param>
    public SeededRandom(long seed)
    {
        var x = unchecked((ulong)seed);
        _s0 = SeedMixer.SplitMix64(ref x);
        _s1 = SeedMixer.SplitMix64(ref x);
        _s2 = SeedMixer.SplitMix64(ref x);
        _s3 = SeedMixer.SplitMix64(ref x);
    }

    /// <summary>The next 64 random bits (one xoshiro256** step).</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
            var t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = BitOperations.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>Uniform in [0, 1) with 53 random bits (one <see cref="NextUInt64"/>).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-<paramref name="a"/>, <paramref name="a"/>): <c>a * (2 * NextDouble() - 1)</c>.</summary>
    /// <param name="a">Half-width of the interval.</param>
    public double NextSymmetric(double a) => a * (2.0 * NextDouble() - 1.0);

    /// <summary>
    /// Uniform integer in [0, <paramref name="maxExclusive"/>), unbiased: 64-bit draws at or above the
    /// largest multiple of the bound are rejected, the rest reduced modulo the bound.
    /// </summary>
    /// <param name="maxExclusive">The exclusive upper bound, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is less than 1.</exception>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        var bound = (ulong)maxExclusive;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(r % bound);
    }

    /// <summary>Standard normal N(0, 1) by Marsaglia's polar method.</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
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
        _spareGaussian = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>
    /// Shuffles <paramref name="items"/> in place (Fisher-Yates from the last element down: item i is
    /// swapped with item <c>NextInt(i + 1)</c>), every permutation equally likely.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements to permute.</param>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

}
