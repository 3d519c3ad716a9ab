using System.Globalization;
using NetOrbit.Data;
using NetOrbit.Tests.Support;
using NetOrbit.Training;

namespace NetOrbit.Tests.Training;

/// <summary>
/// Reads the reference data kept in <c>tests/NetOrbit.Tests/Data</c> (the bundled Iris, the reference
/// split, the float64 GD reference trajectories; see the README there) and makes synthetic splits.
/// </summary>
internal static class TrainingTestData
{

    // Read once per test run: the reference is 1.9 MB of gzip, and many tests share it (read-only).
    private static readonly Lazy<(DataSplit Train, DataSplit Test)> Split = new(LoadIrisReferenceSplit);
    private static readonly Lazy<IReadOnlyList<(int Case, double Eta, int Step, double Loss, double Accuracy, double[] W)>> Reference = new(LoadIrisReference);

    /// <summary>Iris with the reference split: raw features, classes in order of first appearance.</summary>
    public static (DataSplit Train, DataSplit Test) IrisReferenceSplit() => Split.Value;

    /// <summary>A network of <paramref name="spec"/> with N(0,1) weights and zero biases from <paramref name="seed"/>.</summary>
    public static double[] NormalInit(MlpSpec spec, long seed)
    {
        var w = new double[spec.ParameterCount];
        ParameterInitializer.Initialize(spec, WeightInit.Normal, seed, w);
        return w;
    }

    /// <summary>Reference rows: case, eta, step, loss, accuracy, weights.</summary>
    public static IReadOnlyList<(int Case, double Eta, int Step, double Loss, double Accuracy, double[] W)> IrisReference() => Reference.Value;

    private static (DataSplit Train, DataSplit Test) LoadIrisReferenceSplit()
    {
        var lines = File.ReadAllLines(RepoPaths.File("stages", "Datasets", "Data", "iris.csv"));
        var classes = new List<string>();
        var features = new List<double[]>();
        var labels = new List<int>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',');
            features.Add(f.Take(4).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray());
            var k = classes.IndexOf(f[4]);
            if (k < 0)
            {
                classes.Add(f[4]);
                k = classes.Count - 1;
            }

            labels.Add(k);
        }

        var split = File.ReadAllLines(RepoPaths.DataFile("reference", "iris_split.csv")).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',')).Select(f => (Row: int.Parse(f[0], CultureInfo.InvariantCulture), Test: f[1] == "test")).ToArray();
        return (Make(split.Where(s => !s.Test).Select(s => s.Row)), Make(split.Where(s => s.Test).Select(s => s.Row)));

        DataSplit Make(IEnumerable<int> rows)
        {
            var r = rows.ToArray();
            return new DataSplit(r.SelectMany(i => features[i]).ToArray(), r.Select(i => labels[i]).ToArray(), 4, classes.Count, r);
        }
    }

    private static List<(int Case, double Eta, int Step, double Loss, double Accuracy, double[] W)> LoadIrisReference()
    {
        var rows = new List<(int, double, int, double, double, double[])>();
        foreach (var line in CompressedText.ReadLines(RepoPaths.DataFile("reference", "iris_gd_reference.csv.gz")).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split(',');
            var v = f.Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            rows.Add(((int)v[0], v[1], (int)v[2], v[3], v[4], v[5..]));
        }

        return rows;
    }

    /// <summary>Seeded Gaussian-blob classification data with <paramref name="classes"/> classes.</summary>
    public static DataSplit Blobs(int rows, int features, int classes, int seed)
    {
        var rng = new Random(seed);
        var x = new double[rows * features];
        var y = new int[rows];
        for (var n = 0; n < rows; n++)
        {
            y[n] = n % classes;
            for (var f = 0; f < features; f++)
            {
                x[n * features + f] = (((y[n] * 7 + f * 3) % 5) - 2) * 0.8 + (rng.NextDouble() * 2 - 1);
            }
        }

        return new DataSplit(x, y, features, classes, Enumerable.Range(0, rows).ToArray());
    }
}
