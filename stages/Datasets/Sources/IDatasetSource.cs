using System.Text.Json.Nodes;

namespace NetOrbit.Datasets.Sources;

/// <summary>Produces a dataset's rows; a fresh <see cref="RawData"/> on every call, identical for identical options.</summary>
internal interface IDatasetSource
{
    /// <summary>Reads or generates the rows.</summary>
    RawData Read();

    /// <summary>Adds the source's resolved options (defaults included) to <paramref name="json"/>.</summary>
    void Describe(JsonObject json);
}
