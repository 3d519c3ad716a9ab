using NetOrbit.Config;

namespace NetOrbit.Datasets.Sources;

/// <summary>Ranges shared by the generated sources.</summary>
internal static class GeneratorLimits
{
    /// <summary>Largest <c>samples</c>.</summary>
    public const int MaxSamples = 10_000_000;

    /// <summary>Largest samples x features (the feature array's length).</summary>
    public const long MaxValues = 200_000_000;

    /// <summary>Largest <c>noise</c> standard deviation.</summary>
    public const double MaxNoise = 100;

    /// <summary>Reads <c>samples</c> in [<paramref name="min"/>, <see cref="MaxSamples"/>].</summary>
    public static int Samples(JsonOptions o, int defaultValue, int min) => o.Int("samples", defaultValue, min, MaxSamples);

    /// <summary>Reads <c>seed</c> (any 32-bit integer, default 0).</summary>
    public static int Seed(JsonOptions o) => o.Int("seed", 0);

    /// <summary>Reads <c>noise</c>: standard deviation of Gaussian noise added to every coordinate, in [0, 100].</summary>
    public static double Noise(JsonOptions o, double defaultValue) => o.Double("noise", defaultValue, 0, MaxNoise);

    /// <summary>Reports a <c>samples</c> x <c>features</c> product too large to hold.</summary>
    public static void CheckSize(JsonOptions o, int samples, int features)
    {
        if ((long)samples * features > MaxValues)
        {
            o.Errors.Add(o.PathOf("samples"), $"samples x features = {(long)samples * features} is too large: allowed at most {MaxValues}");
        }
    }
}
