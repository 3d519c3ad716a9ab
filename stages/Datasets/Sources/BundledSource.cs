using System.Text.Json.Nodes;
using NetOrbit.Datasets.Reading;

namespace NetOrbit.Datasets.Sources;

/// <summary>
/// A dataset shipped inside this assembly: <c>iris</c> (150 x 4, raw centimetres, classes
/// setosa, versicolor, virginica) or <c>digits</c> (1797 x 64 pixel intensities 0..16, classes "0".."9").
/// </summary>
internal sealed class BundledSource : IDatasetSource
{
    private readonly string _resource;
    private readonly string _label;

    private BundledSource(string resource, string label)
    {
        _resource = resource;
        _label = label;
    }

    public static BundledSource Iris { get; } = new("iris.csv", "species");

    public static BundledSource Digits { get; } = new("digits.csv.gz", "digit");

    public RawData Read()
    {
        var file = "<bundled>/" + _resource;
        using var stream = typeof(BundledSource).Assembly.GetManifestResourceStream("NetOrbit.Datasets.Data." + _resource)
            ?? throw new InputFileException(file, "the resource is missing from the NetOrbit.Datasets assembly");
        using var text = CsvDatasetReader.Decompress(stream, _resource);
        return CsvDatasetReader.Read(text, file, _label, null);
    }

    public void Describe(JsonObject json)
    {
    }
}
