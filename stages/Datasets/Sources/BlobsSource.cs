using System.Text.Json.Nodes;
using NetOrbit.Config;

namespace NetOrbit.Datasets.Sources;

/// <summary>
/// Isotropic Gaussian blobs: <c>centers</c> centres drawn uniformly in [-center_box, center_box]^features,
/// then row i belongs to class i mod centers and lies at its centre plus N(0, cluster_std^2) per coordinate.
/// </summary>
internal sealed class BlobsSource(int samples, int centers, int features, double clusterStd, double centerBox, int seed) : IDatasetSource
{
    public static BlobsSource Parse(JsonOptions o)
    {
        var samples = GeneratorLimits.Samples(o, 300, 2);
        var centers = o.Int("centers", 3, 2, 1000);
        var features = o.Int("features", 2, 1, 10_000);
        var std = o.Double("cluster_std", 1.0, 0, GeneratorLimits.MaxNoise, minExclusive: true);
        var box = o.Double("center_box", 10.0, 0, 1e6, minExclusive: true);
        var seed = GeneratorLimits.Seed(o);
        if (samples < centers)
        {
            o.Errors.Add(o.PathOf("samples"), $"{samples} samples cannot fill {centers} centers: allowed samples >= centers");
        }

        GeneratorLimits.CheckSize(o, samples, features);
        return new BlobsSource(samples, centers, features, std, box, seed);
    }

    public RawData Read()
    {
        var rng = new GeneratorRandom(seed);
        var means = new double[centers * features];
        for (var i = 0; i < means.Length; i++)
        {
            means[i] = rng.Uniform(-centerBox, centerBox);
        }

        var x = new double[samples * features];
        var y = new int[samples];
        for (var r = 0; r < samples; r++)
        {
            var k = r % centers;
            y[r] = k;
            for (var f = 0; f < features; f++)
            {
                x[r * features + f] = means[k * features + f] + rng.Gaussian(clusterStd);
            }
        }

        return new RawData(GeneratorRandom.FeatureNames(features), GeneratorRandom.ClassNames(centers), x, y);
    }

    public void Describe(JsonObject json)
    {
        json["samples"] = samples;
        json["centers"] = centers;
        json["features"] = features;
        json["cluster_std"] = clusterStd;
        json["center_box"] = centerBox;
        json["seed"] = seed;
    }
}
