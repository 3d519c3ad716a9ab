using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace NetOrbit.Datasets.Sources;

/// <summary>The generators' seeded stream: <see cref="Xoshiro256StarStar"/>, so a seed gives the same data on every machine.</summary>
internal sealed class GeneratorRandom
{
    private readonly Xoshiro256StarStar _rng;

    public GeneratorRandom(int seed) => _rng = new Xoshiro256StarStar(seed, threadSafe: false);

    /// <summary>Uniform on [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * _rng.NextDouble();

    /// <summary>Normal with mean 0 and standard deviation <paramref name="std"/>; exactly 0 when std is 0.</summary>
    public double Gaussian(double std) => std == 0 ? 0 : Normal.Sample(_rng, 0, std);

    /// <summary>Feature names x0..x{count-1}.</summary>
    public static string[] FeatureNames(int count) => Enumerable.Range(0, count).Select(i => "x" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Class names "0".."{count-1}".</summary>
    public static string[] ClassNames(int count) => Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
