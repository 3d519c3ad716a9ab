using System.Text.Json.Nodes;
using NetOrbit.Data;
using NetOrbit.Datasets.Reading;
using NetOrbit.Datasets.Sources;

namespace NetOrbit.Datasets;

/// <summary>
/// A validated dataset entry: where the rows come from, how they are split and whether they are
/// standardised. Immutable; <see cref="Load"/> gives identical arrays on every call.
/// </summary>
public sealed class DatasetRecipe
{
    private readonly IDatasetSource _source;

    internal DatasetRecipe(string name, string source, IDatasetSource reader, double testFraction, int splitSeed, string? splitFile, bool standardize)
    {
        Name = name;
        Source = source;
        _source = reader;
        TestFraction = testFraction;
        SplitSeed = splitSeed;
        SplitFile = splitFile;
        Standardize = standardize;
    }

    /// <summary>Dataset name, file-name safe: the table is <c>datasets/&lt;Name&gt;.arrow</c>.</summary>
    public string Name { get; }

    /// <summary>One of <see cref="DatasetCatalog.Sources"/>.</summary>
    public string Source { get; }

    /// <summary>Fraction of rows in the test split, in [0, 1); ignored when <see cref="SplitFile"/> is set.</summary>
    public double TestFraction { get; }

    /// <summary>Seed of the split's shuffle; ignored when <see cref="SplitFile"/> is set.</summary>
    public int SplitSeed { get; }

    /// <summary>Absolute path of the split file (<c>row,split</c>), or null for a seeded shuffle split.</summary>
    public string? SplitFile { get; }

    /// <summary>True when every feature is z-scored with the training split's mean and standard deviation.</summary>
    public bool Standardize { get; }

    /// <summary>
    /// Reads or generates the rows, splits them (split file, or a seeded Fisher-Yates shuffle whose
    /// first round(test_fraction x N) rows are test rows) and standardises them if asked.
    /// </summary>
    /// <exception cref="InputFileException">A file is missing, malformed or inconsistent; the message is one line.</exception>
    public Dataset Load()
    {
        var raw = _source.Read();
        var isTest = SplitFile is not null
            ? SplitFileReader.Read(SplitFile, raw.Rows)
            : DatasetPreparation.ShuffleSplit(raw.Rows, TestFraction, SplitSeed);
        var features = raw.Features;
        if (Standardize)
        {
            DatasetPreparation.Standardize(features, raw.FeatureNames.Length, isTest);
        }

        return new Dataset(Name, raw.FeatureNames, raw.ClassNames, features, raw.Labels, isTest);
    }

    /// <summary>The resolved entry, defaults included, for the run manifest.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["name"] = Name, ["source"] = Source };
        _source.Describe(json);
        if (SplitFile is not null)
        {
            json["split_file"] = SplitFile;
        }
        else
        {
            json["test_fraction"] = TestFraction;
            json["split_seed"] = SplitSeed;
        }

        json["standardize"] = Standardize;
        return json;
    }
}
