using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NetOrbit.Cli.Bench;

/// <summary>
/// The machine's own ceiling for the trainer's arithmetic, measured now: float64 fused multiply-adds per second on one
/// thread with the widest accelerated vectors, over 12 independent accumulator chains (enough to hide an FMA's latency
/// on current x86 cores). Trainer figures taken on different machines, or on one shared host at different times (its
/// speed moves), compare as fractions of it.
/// </summary>
internal static class MachinePeak
{
    private const int Chains = 12;

    /// <summary>Best of <paramref name="repeats"/> measurements of about <paramref name="seconds"/> each, in GFLOP/s (an FMA counts 2 FLOP per lane).</summary>
    public static double FmaGigaFlopsPerThread(double seconds, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var lanes = Vector512.IsHardwareAccelerated ? 8 : Vector256.IsHardwareAccelerated ? 4 : 2;
        _ = Run(lanes, 10_000); // compiled before timing
        var best = 0.0;
        for (var r = 0; r < repeats; r++)
        {
            long iterations = 0;
            var clock = Stopwatch.StartNew();
            do
            {
                _ = Run(lanes, 1_000_000);
                iterations += 1_000_000;
            }
            while (clock.Elapsed.TotalSeconds < seconds);

            best = Math.Max(best, iterations * Chains * lanes * 2.0 / clock.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    private static double Run(int lanes, long iterations) => lanes switch
    {
        8 => Run512(iterations),
        4 => Run256(iterations),
        _ => Run128(iterations),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Run512(long n)
    {
        var b = Vector512.Create(0.999999);
        var c = Vector512.Create(1e-7);
        Vector512<double> a0 = Vector512<double>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < n; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, b, c);
            a1 = Vector512.FusedMultiplyAdd(a1, b, c);
            a2 = Vector512.FusedMultiplyAdd(a2, b, c);
            a3 = Vector512.FusedMultiplyAdd(a3, b, c);
            a4 = Vector512.FusedMultiplyAdd(a4, b, c);
            a5 = Vector512.FusedMultiplyAdd(a5, b, c);
            a6 = Vector512.FusedMultiplyAdd(a6, b, c);
            a7 = Vector512.FusedMultiplyAdd(a7, b, c);
            a8 = Vector512.FusedMultiplyAdd(a8, b, c);
            a9 = Vector512.FusedMultiplyAdd(a9, b, c);
            a10 = Vector512.FusedMultiplyAdd(a10, b, c);
            a11 = Vector512.FusedMultiplyAdd(a11, b, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Run256(long n)
    {
        var b = Vector256.Create(0.999999);
        var c = Vector256.Create(1e-7);
        Vector256<double> a0 = Vector256<double>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < n; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, b, c);
            a1 = Vector256.FusedMultiplyAdd(a1, b, c);
            a2 = Vector256.FusedMultiplyAdd(a2, b, c);
            a3 = Vector256.FusedMultiplyAdd(a3, b, c);
            a4 = Vector256.FusedMultiplyAdd(a4, b, c);
            a5 = Vector256.FusedMultiplyAdd(a5, b, c);
            a6 = Vector256.FusedMultiplyAdd(a6, b, c);
            a7 = Vector256.FusedMultiplyAdd(a7, b, c);
            a8 = Vector256.FusedMultiplyAdd(a8, b, c);
            a9 = Vector256.FusedMultiplyAdd(a9, b, c);
            a10 = Vector256.FusedMultiplyAdd(a10, b, c);
            a11 = Vector256.FusedMultiplyAdd(a11, b, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Run128(long n)
    {
        var b = Vector128.Create(0.999999);
        var c = Vector128.Create(1e-7);
        Vector128<double> a0 = Vector128<double>.One, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < n; i++)
        {
            a0 = Vector128.FusedMultiplyAdd(a0, b, c);
            a1 = Vector128.FusedMultiplyAdd(a1, b, c);
            a2 = Vector128.FusedMultiplyAdd(a2, b, c);
            a3 = Vector128.FusedMultiplyAdd(a3, b, c);
            a4 = Vector128.FusedMultiplyAdd(a4, b, c);
            a5 = Vector128.FusedMultiplyAdd(a5, b, c);
            a6 = Vector128.FusedMultiplyAdd(a6, b, c);
            a7 = Vector128.FusedMultiplyAdd(a7, b, c);
            a8 = Vector128.FusedMultiplyAdd(a8, b, c);
            a9 = Vector128.FusedMultiplyAdd(a9, b, c);
            a10 = Vector128.FusedMultiplyAdd(a10, b, c);
            a11 = Vector128.FusedMultiplyAdd(a11, b, c);
        }

        return Vector128.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
