using Apache.Arrow;
using Apache.Arrow.Types;

namespace NetOrbit.Arrow;

/// <summary>
/// The fields of a <see cref="TableDefinition"/>, one method per column type that
/// <see cref="RowBatchBuilder"/> fills: the one way stages and plugins declare their columns.
/// Fields are non-nullable unless <c>nullable</c> is set.
/// </summary>
public static class TableFields
{
    /// <summary>A utf8 (string) column.</summary>
    public static Field Utf8(string name, bool nullable = false) => new(name, StringType.Default, nullable);

    /// <summary>An int32 column.</summary>
    public static Field Int32(string name, bool nullable = false) => new(name, Int32Type.Default, nullable);

    /// <summary>An int64 column.</summary>
    public static Field Int64(string name, bool nullable = false) => new(name, Int64Type.Default, nullable);

    /// <summary>A float64 column.</summary>
    public static Field Float64(string name, bool nullable = false) => new(name, DoubleType.Default, nullable);

    /// <summary>A boolean column.</summary>
    public static Field Boolean(string name, bool nullable = false) => new(name, BooleanType.Default, nullable);

    /// <summary>A list&lt;float64&gt; column (variable length per row; items nullable, as Arrow's default).</summary>
    public static Field Float64List(string name, bool nullable = false) => new(name, new ListType(DoubleType.Default), nullable);
}
