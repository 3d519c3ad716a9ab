using Apache.Arrow;
using Apache.Arrow.Types;

namespace NetOrbit.Arrow;

/// <summary>Compares schemas field by field (names, types, nullability), ignoring metadata.</summary>
public static class SchemaComparer
{
    /// <summary>True when both schemas have the same fields in the same order; otherwise <paramref name="why"/> says where they differ.</summary>
    public static bool SameFields(Schema expected, Schema actual, out string why)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.FieldsList.Count != actual.FieldsList.Count)
        {
            why = $"expected {expected.FieldsList.Count} columns, found {actual.FieldsList.Count}";
            return false;
        }

        for (var i = 0; i < expected.FieldsList.Count; i++)
        {
            var e = expected.FieldsList[i];
            var a = actual.FieldsList[i];
            if (e.Name != a.Name || TypeName(e.DataType) != TypeName(a.DataType))
            {
                why = $"column {i}: expected {e.Name} {TypeName(e.DataType)}, found {a.Name} {TypeName(a.DataType)}";
                return false;
            }
        }

        why = "";
        return true;
    }

    /// <summary>The Arrow type name as the schema documents write it: int32, float64, utf8, bool, list&lt;float64&gt;, fixed_size_list&lt;float64&gt;[P].</summary>
    public static string TypeName(IArrowType type) => type switch
    {
        FixedSizeListType f => $"fixed_size_list<{TypeName(f.ValueDataType)}>[{f.ListSize}]",
        ListType l => $"list<{TypeName(l.ValueDataType)}>",
        StringType => "utf8",
        DoubleType => "float64",
        FloatType => "float32",
        Int32Type => "int32",
        Int64Type => "int64",
        Int16Type => "int16",
        Int8Type => "int8",
        UInt8Type => "uint8",
        BooleanType => "bool",
        TimestampType => "timestamp",
        _ => type.Name,
    };
}
