using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Graph;
using Xunit;

namespace NetOrbit.Tests.Graph;

public sealed class TableRowsTests
{
    private static readonly TableDefinition Table = TableDefinition.Create(
        "test/rows",
        1,
        [
            new Field("id", StringType.Default, false),
            new Field("n", Int32Type.Default, true),
            new Field("t", Int64Type.Default, false),
            new Field("x", DoubleType.Default, true),
            new Field("b", BooleanType.Default, false),
            new Field("l", new ListType(DoubleType.Default), true),
        ]);

    [Fact]
    public void Build_ReusedWriter_KeepsValuesAndNullsOfEachBatch()
    {
        var rows = new TableRows(Table);
        rows.Text("a").Int(1).Long(10).Real(0.5).Bool(true).Reals([1, 2]).EndRow();
        rows.Text("bc").Int(2).Long(20).Real(1.5).Bool(false).Reals([]).EndRow();
        var first = rows.Build();
        Assert.Equal(2, first.Length);
        Assert.Equal(0, first.Column("x").NullCount);

        // Second batch: nulls appear only now; 9 rows cross a validity byte boundary.
        for (var i = 0; i < 9; i++)
        {
            var r = rows.Text($"r{i}").Int(i % 3 == 0 ? null : i).Long(i).Real(i % 2 == 0 ? null : i).Bool(i % 2 == 0);
            (i == 4 ? r.NullReals() : r.Reals([i, i + 0.5])).EndRow();
        }

        var second = rows.Build();
        Assert.Equal(0, rows.Count);

        // The first batch is untouched by the writer's reuse.
        Assert.Equal("bc", ((StringArray)first.Column("id")).GetString(1));
        Assert.Equal([1.0, 2.0], ((DoubleArray)((ListArray)first.Column("l")).GetSlicedValues(0)).ToArray().Select(v => v!.Value));
        Assert.True(((BooleanArray)first.Column("b")).GetValue(0));

        var n = (Int32Array)second.Column("n");
        var x = (DoubleArray)second.Column("x");
        var b = (BooleanArray)second.Column("b");
        var l = (ListArray)second.Column("l");
        for (var i = 0; i < 9; i++)
        {
            Assert.Equal($"r{i}", ((StringArray)second.Column("id")).GetString(i));
            Assert.Equal(i % 3 == 0 ? null : i, n.GetValue(i));
            Assert.Equal(i % 2 == 0 ? null : i, x.GetValue(i));
            Assert.Equal(i % 2 == 0, b.GetValue(i));
            Assert.Equal((long)i, ((Int64Array)second.Column("t")).GetValue(i));
            Assert.Equal(i == 4, l.IsNull(i));
            if (i != 4)
            {
                Assert.Equal([i, i + 0.5], ((DoubleArray)l.GetSlicedValues(i)).ToArray().Select(v => v!.Value));
            }
        }

        Assert.Equal(3, n.NullCount);
        Assert.Equal(5, x.NullCount);
        Assert.Equal(1, l.NullCount);
    }

    [Fact]
    public void EndRow_MissingColumn_Throws()
    {
        var rows = new TableRows(Table);
        rows.Text("a").Int(1);
        Assert.Throws<InvalidOperationException>(rows.EndRow);
    }

    [Fact]
    public void Append_WrongType_Throws()
    {
        var rows = new TableRows(Table);
        Assert.Throws<InvalidOperationException>(() => rows.Int(1));
    }
}
