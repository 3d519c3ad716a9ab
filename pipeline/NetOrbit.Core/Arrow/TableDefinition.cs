using Apache.Arrow;

namespace NetOrbit.Arrow;

/// <summary>
/// A table a component writes into the run directory: its relative name without extension
/// (e.g. <c>lyapunov/exponents</c>, stored as <c>lyapunov/exponents.arrow</c>) and its Arrow schema.
/// The schema's metadata carries <c>netorbit.schema</c> = <c>name/version</c>.
/// </summary>
/// <param name="Name">Relative table name, '/'-separated, lower case.</param>
/// <param name="Version">Schema version, bumped on any incompatible change.</param>
/// <param name="Schema">Arrow schema of every batch written to the table.</param>
public sealed record TableDefinition(string Name, int Version, Schema Schema)
{
    /// <summary>Value of the <c>netorbit.schema</c> metadata key.</summary>
    public string SchemaTag => $"{Name}/{Version}";

    /// <summary>Builds a definition, stamping <c>netorbit.schema</c> into the schema metadata.</summary>
    public static TableDefinition Create(string name, int version, IEnumerable<Field> fields, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string> { [ArrowMetadata.SchemaKey] = $"{name}/{version}" };
        if (metadata is not null)
        {
            foreach (var kv in metadata)
            {
                meta[kv.Key] = kv.Value;
            }
        }

        return new TableDefinition(name, version, new Schema(fields, meta));
    }

    /// <summary>
    /// Builds a definition whose metadata also carries <c>netorbit.version</c> (the writing
    /// NetOrbit's version), as the built-in stages' tables do.
    /// </summary>
    public static TableDefinition CreateVersioned(string name, int version, IEnumerable<Field> fields, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var meta = new Dictionary<string, string>();
        if (metadata is not null)
        {
            foreach (var kv in metadata)
            {
                meta[kv.Key] = kv.Value;
            }
        }

        meta[ArrowMetadata.VersionKey] = NetOrbitInfo.Version;
        return Create(name, version, fields, meta);
    }

    /// <summary>A <see cref="RowBatchBuilder"/> for this table (see its constructor for the arguments).</summary>
    public RowBatchBuilder Rows(int capacity = 0, string? runId = null, int listValues = 0) => new(this, capacity, runId, listValues);
}
