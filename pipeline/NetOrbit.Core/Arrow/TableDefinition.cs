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
}
