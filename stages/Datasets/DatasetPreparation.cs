using MathNet.Numerics.Random;

namespace NetOrbit.Datasets;

/// <summary>
/// The deterministic steps between a source's rows and the dataset the networks see: the seeded
/// train/test split and the z-score standardisation with training-split statistics.
/// </summary>
internal static class DatasetPreparation
{
    /// <summary>
    /// Marks <c>round(fraction x rows)</c> rows (midpoint away from zero, at most rows - 1) as test:
    /// the first ones of a Fisher-Yates permutation of 0..rows-1 drawn with
    /// <see cref="Xoshiro256StarStar"/> seeded with <paramref name="seed"/>.
    /// </summary>
    public static bool[] ShuffleSplit(int rows, double fraction, int seed)
    {
        var permutation = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            permutation[i] = i;
        }

        var rng = new Xoshiro256StarStar(seed, threadSafe: false);
        for (var i = rows - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (permutation[i], permutation[j]) = (permutation[j], permutation[i]);
        }

        var testRows = TestCount(rows, fraction);
        var isTest = new bool[rows];
        for (var k = 0; k < testRows; k++)
        {
            isTest[permutation[k]] = true;
        }

        return isTest;
    }

    /// <summary>Number of test rows for a fraction: rounded to nearest, kept below <paramref name="rows"/>.</summary>
    public static int TestCount(int rows, double fraction) =>
        (int)Math.Min(Math.Max(rows - 1, 0), Math.Round(fraction * rows, MidpointRounding.AwayFromZero));

    /// <summary>
    /// Standardises every column in place to (x - mean) / std, with the mean and population standard
    /// deviation of the training rows only (test rows never inform the scaling). A column that is
    /// constant on the training rows is only centred.
    /// </summary>
    public static void Standardize(Span<double> features, int featureCount, ReadOnlySpan<bool> isTest)
    {
        var rows = isTest.Length;
        for (var f = 0; f < featureCount; f++)
        {
            double sum = 0;
            var n = 0;
            for (var r = 0; r < rows; r++)
            {
                if (!isTest[r])
                {
                    sum += features[r * featureCount + f];
                    n++;
                }
            }

            var mean = sum / n;
            double squares = 0;
            for (var r = 0; r < rows; r++)
            {
                if (!isTest[r])
                {
                    var d = features[r * featureCount + f] - mean;
                    squares += d * d;
                }
            }

            var std = Math.Sqrt(squares / n);
            var divisor = std > 0 ? std : 1;
            for (var r = 0; r < rows; r++)
            {
                features[r * featureCount + f] = (features[r * featureCount + f] - mean) / divisor;
            }
        }
    }
}
