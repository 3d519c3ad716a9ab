using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Graph;
using NetOrbit.Tests.Support;
using Xunit;

namespace NetOrbit.Tests.Graph;

public sealed class GraphSchemaDocsTests
{
    public static TheoryData<string> TableNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in GraphTables.All)
        {
            data.Add(t.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public void SchemaDoc_MatchesDeclaredSchema(string table)
    {
        var definition = GraphTables.All.Single(t => t.Name == table);
        var path = Path.Combine(RepoPaths.Schemas, table.Replace('/', '.') + ".md");
        Assert.True(File.Exists(path), $"missing {path}");
        var lines = File.ReadAllLines(path);

        var heading = lines.First(l => l.StartsWith('#'));
        Assert.Equal($"# {definition.SchemaTag}", heading);

        var rows = lines
            .SkipWhile(l => !l.StartsWith("| column | type | meaning |", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
        Assert.All(rows, r => Assert.Equal(5, r.Length)); // no stray '|' inside a cell
        Assert.Equal(
            definition.Schema.FieldsList.Select(f => (f.Name, TypeName(f.DataType))).ToList(),
            rows.Select(r => (r[1], r[2])).ToList());
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r[3])));
    }

    [Fact]
    public void Tables_AreVersionedAndPrefixedWithStageName()
    {
        Assert.All(GraphTables.All, t =>
        {
            Assert.StartsWith("graph/", t.Name, StringComparison.Ordinal);
            var version = t.Name == GraphTables.Strengths ? 2 : 1; // strengths: one row per neuron layer since version 2
            Assert.Equal($"{t.Name}/{version}", t.Schema.Metadata[ArrowMetadata.SchemaKey]);
        });
    }

    private static string TypeName(IArrowType type) => type switch
    {
        StringType => "utf8",
        Int32Type => "int32",
        Int64Type => "int64",
        DoubleType => "float64",
        BooleanType => "bool",
        ListType l => $"list<{TypeName(l.ValueDataType)}>",
        _ => type.Name,
    };
}
