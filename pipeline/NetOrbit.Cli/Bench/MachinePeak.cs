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
    private const int ChainCount = 12;

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

            best = Math.Max(best, iterations * ChainCount * lanes * 2.0 / clock.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    private static double Run(int lanes, long iterations) => lanes switch
    {
        8 => Chains<Vector512<double>, Lanes8>(iterations),
        4 => Chains<Vector256<double>, Lanes4>(iterations),
        _ => Chains<Vector128<double>, Lanes2>(iterations),
    };

    /// <summary>
    /// 12 independent chains a = a b + c, <paramref name="n"/> times each; the sum keeps them live. Generic over the
    /// vector type through <typeparamref name="TOps"/>, a struct, so the JIT compiles one copy per width with the
    /// accumulators in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Chains<TV, TOps>(long n)
        where TV : struct
        where TOps : struct, IVectorOps<TV>
    {
        var b = TOps.Create(0.999999);
        var c = TOps.Create(1e-7);
        TV a0 = TOps.Create(1), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (long i = 0; i < n; i++)
        {
            a0 = TOps.Fma(a0, b, c);
            a1 = TOps.Fma(a1, b, c);
            a2 = TOps.Fma(a2, b, c);
            a3 = TOps.Fma(a3, b, c);
            a4 = TOps.Fma(a4, b, c);
            a5 = TOps.Fma(a5, b, c);
            a6 = TOps.Fma(a6, b, c);
            a7 = TOps.Fma(a7, b, c);
            a8 = TOps.Fma(a8, b, c);
            a9 = TOps.Fma(a9, b, c);
            a10 = TOps.Fma(a10, b, c);
            a11 = TOps.Fma(a11, b, c);
        }

        return TOps.Sum(a0) + TOps.Sum(a1) + TOps.Sum(a2) + TOps.Sum(a3) + TOps.Sum(a4) + TOps.Sum(a5)
            + TOps.Sum(a6) + TOps.Sum(a7) + TOps.Sum(a8) + TOps.Sum(a9) + TOps.Sum(a10) + TOps.Sum(a11);
    }

    private interface IVectorOps<TV>
    {
        static abstract TV Create(double value);

        static abstract TV Fma(TV a, TV b, TV c);

        static abstract double Sum(TV v);
    }

    private readonly struct Lanes8 : IVectorOps<Vector512<double>>
    {
        public static Vector512<double> Create(double value) => Vector512.Create(value);

        public static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

        public static double Sum(Vector512<double> v) => Vector512.Sum(v);
    }

    private readonly struct Lanes4 : IVectorOps<Vector256<double>>
    {
        public static Vector256<double> Create(double value) => Vector256.Create(value);

        public static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);

        public static double Sum(Vector256<double> v) => Vector256.Sum(v);
    }

    private readonly struct Lanes2 : IVectorOps<Vector128<double>>
    {
        public static Vector128<double> Create(double value) => Vector128.Create(value);

        public static Vector128<double> Fma(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.FusedMultiplyAdd(a, b, c);

        public static double Sum(Vector128<double> v) => Vector128.Sum(v);
    }
}
