namespace NetOrbit.Data;

/// <summary>
/// A labelled classification dataset exactly as the networks see it: features row-major
/// (after any standardisation), a class index per row, and the train/test split.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset; arrays are owned by the dataset afterwards.</summary>
    public Dataset(string name, string[] featureNames, string[] classNames, double[] features, int[] labels, bool[] isTest)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(classNames);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(isTest);
        if (featureNames.Length == 0 || features.Length != labels.Length * featureNames.Length || isTest.Length != labels.Length)
        {
            throw new ArgumentException($"Dataset '{name}': inconsistent array sizes.");
        }

        Name = name;
        FeatureNames = featureNames;
        ClassNames = classNames;
        Features = features;
        Labels = labels;
        IsTest = isTest;
        Train = Subset(false);
        Test = Subset(true);
    }

    /// <summary>Dataset name.</summary>
    public string Name { get; }

    /// <summary>Feature column names; their count is the network's input width.</summary>
    public string[] FeatureNames { get; }

    /// <summary>Class names; their count is the network's output width.</summary>
    public string[] ClassNames { get; }

    /// <summary>All rows' features, row-major, length Rows x FeatureCount.</summary>
    public double[] Features { get; }

    /// <summary>Class index of every row.</summary>
    public int[] Labels { get; }

    /// <summary>True for rows of the test split.</summary>
    public bool[] IsTest { get; }

    /// <summary>Number of rows.</summary>
    public int Rows => Labels.Length;

    /// <summary>Number of features.</summary>
    public int FeatureCount => FeatureNames.Length;

    /// <summary>Number of classes.</summary>
    public int ClassCount => ClassNames.Length;

    /// <summary>The training rows, in dataset order.</summary>
    public DataSplit Train { get; }

    /// <summary>The test rows, in dataset order (may be empty).</summary>
    public DataSplit Test { get; }

    private DataSplit Subset(bool test)
    {
        var rows = Enumerable.Range(0, Rows).Where(r => IsTest[r] == test).ToArray();
        var d = FeatureCount;
        var x = new double[rows.Length * d];
        var y = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            Array.Copy(Features, rows[i] * d, x, i * d, d);
            y[i] = Labels[rows[i]];
        }

        return new DataSplit(x, y, d, ClassCount, rows);
    }
}
