namespace NetOrbit.Arrow;

/// <summary>Schema-metadata keys NetOrbit writes into every table.</summary>
public static class ArrowMetadata
{
    /// <summary>Table name and version, e.g. <c>trajectories/1</c>.</summary>
    public const string SchemaKey = "netorbit.schema";

    /// <summary>JSON list of {name, shape, offset} describing the weights column.</summary>
    public const string ParamLayoutKey = "netorbit.param_layout";

    /// <summary>NetOrbit version that wrote the file.</summary>
    public const string VersionKey = "netorbit.version";
}
