using System.Globalization;
using NetOrbit.Tests.Support;
using Xunit;

namespace NetOrbit.Tests.Recurrence;

/// <summary>Series used by the recurrence tests.</summary>
internal static class RecurrenceTestData
{
    /// <summary>
    /// The first 2000 samples of the Roessler x-component of Marwan's RP speed test
    /// (a = b = 0.25, c = 4, dt = 0.05, transient removed): the first lines of
    /// <c>samples/data/roessler_x.csv.gz</c>, kept uncompressed in <c>tests/NetOrbit.Tests/Data</c>.
    /// </summary>
    internal static double[] RoesslerX(int count)
    {
        string path = RoesslerX2000Path;
        var values = File.ReadLines(path).Take(count).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(count, values.Length);
        return values;
    }

    /// <summary>The 2000-sample Roessler file.</summary>
    internal static string RoesslerX2000Path => RepoPaths.DataFile("roessler_x_2000.csv");

    /// <summary>A seeded random walk of <paramref name="n"/> states in <paramref name="m"/> dimensions (row-major).</summary>
    internal static double[] RandomWalk(int n, int m, int seed, double meanReversion = 0.02)
    {
        var rng = new Random(seed);
        var x = new double[n * m];
        for (int k = 0; k < m; k++)
        {
            x[k] = rng.NextDouble();
        }

        for (int i = 1; i < n; i++)
        {
            for (int k = 0; k < m; k++)
            {
                double prev = x[(i - 1) * m + k];
                x[i * m + k] = prev - meanReversion * prev + (rng.NextDouble() - 0.5) * 0.3;
            }
        }

        return x;
    }

    /// <summary>Noisy sine in <paramref name="m"/> dimensions: long diagonal lines that cross strip edges.</summary>
    internal static double[] NoisySine(int n, int m, int seed, double period = 37.3, double noise = 0.02)
    {
        var rng = new Random(seed);
        var x = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < m; k++)
            {
                x[i * m + k] = Math.Sin(2 * Math.PI * i / period + k) + noise * (rng.NextDouble() - 0.5);
            }
        }

        return x;
    }

    /// <summary>Uniform noise: short lines, many single points.</summary>
    internal static double[] Noise(int n, int m, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n * m];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble();
        }

        return x;
    }
}
