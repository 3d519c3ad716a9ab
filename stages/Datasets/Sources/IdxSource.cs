using System.Text.Json.Nodes;
using NetOrbit.Config;
using NetOrbit.Datasets.Reading;

namespace NetOrbit.Datasets.Sources;

/// <summary>MNIST-format IDX image and label files (optionally <c>.gz</c>).</summary>
internal sealed class IdxSource(string images, string labels, int? limit, double scale) : IDatasetSource
{
    public static IdxSource Parse(JsonOptions o, string baseDirectory)
    {
        var images = DatasetCatalog.ResolveFile(o, "images", baseDirectory, required: true);
        var labels = DatasetCatalog.ResolveFile(o, "labels", baseDirectory, required: true);
        int? limit = o.Has("limit") ? o.Int("limit", 0, 1) : null;
        var scale = o.Double("scale", 1.0 / 255, 0, 1e6, minExclusive: true);
        return new IdxSource(images ?? string.Empty, labels ?? string.Empty, limit, scale);
    }

    public RawData Read() => IdxReader.Read(images, labels, limit, scale);

    public void Describe(JsonObject json)
    {
        json["images"] = images;
        json["labels"] = labels;
        if (limit is { } l)
        {
            json["limit"] = l;
        }

        json["scale"] = scale;
    }
}
