using System.Text.Json.Nodes;
using NetOrbit.Config;

namespace NetOrbit.Datasets.Sources;

/// <summary>
/// Two concentric circles: class 0 on the unit circle, class 1 on the circle of radius
/// <c>factor</c>, angle uniform on [0, 2 pi), plus N(0, noise^2) per coordinate; row i belongs to class i mod 2.
/// </summary>
internal sealed class CirclesSource(int samples, double noise, double factor, int seed) : IDatasetSource
{
    public static CirclesSource Parse(JsonOptions o)
    {
        var samples = GeneratorLimits.Samples(o, 200, 2);
        var noise = GeneratorLimits.Noise(o, 0.05);
        var factor = o.Double("factor", 0.5, 0, 1, minExclusive: true);
        if (factor == 1)
        {
            o.Errors.Add(o.PathOf("factor"), "1 is out of range: allowed (0, 1)");
        }

        return new CirclesSource(samples, noise, factor, GeneratorLimits.Seed(o));
    }

    public RawData Read()
    {
        var rng = new GeneratorRandom(seed);
        var x = new double[samples * 2];
        var y = new int[samples];
        for (var r = 0; r < samples; r++)
        {
            var k = r % 2;
            var radius = k == 0 ? 1 : factor;
            var angle = rng.Uniform(0, 2 * Math.PI);
            x[2 * r] = radius * Math.Cos(angle) + rng.Gaussian(noise);
            x[2 * r + 1] = radius * Math.Sin(angle) + rng.Gaussian(noise);
            y[r] = k;
        }

        return new RawData(GeneratorRandom.FeatureNames(2), GeneratorRandom.ClassNames(2), x, y);
    }

    public void Describe(JsonObject json)
    {
        json["samples"] = samples;
        json["noise"] = noise;
        json["factor"] = factor;
        json["seed"] = seed;
    }
}
