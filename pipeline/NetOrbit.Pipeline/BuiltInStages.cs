using System.Text.Json;
using NetOrbit.Arrow;
using NetOrbit.Config;
using NetOrbit.Contracts;
using NetOrbit.Stages;

namespace NetOrbit.Pipeline;

/// <summary>The stages shipped with NetOrbit, and every table NetOrbit can write.</summary>
public static class BuiltInStages
{
    /// <summary>The factories of the built-in stages: <c>lyapunov</c>, <c>recurrence</c>, <c>graph</c>, <c>regimes</c>.</summary>
    public static IReadOnlyList<IStageFactory> Factories() =>
    [
        new Lyapunov.LyapunovStageFactory(),
        new Recurrence.RecurrenceStageFactory(),
        new Graph.GraphStageFactory(),
        new Regimes.RegimesStageFactory(),
    ];

    /// <summary>A catalog of the built-in stages, to which plugins can be added.</summary>
    public static StageCatalog CreateCatalog() => new(Factories());

    /// <summary>
    /// Definitions of every table NetOrbit writes: the core tables and every built-in stage's tables
    /// (stages built with default options). Used by the schema-document test.
    /// </summary>
    public static IEnumerable<TableDefinition> AllTables(Data.Dataset sample)
    {
        var layout = ParameterLayout.ForLayers([sample.FeatureCount, 10, sample.ClassCount]);
        yield return new TableDefinition(TrajectoryTable.Name, TrajectoryTable.Version, TrajectoryTable.CreateSchema(layout));
        yield return Running.RunsTable.Definition;
        yield return Datasets.DatasetTable.Definition(sample, standardized: false);
        using var empty = JsonDocument.Parse("{}");
        foreach (var f in Factories())
        {
            var errors = new ConfigErrors();
            var stage = f.Create(empty.RootElement, "$.stages." + f.Name, errors)
                ?? throw new InvalidOperationException($"stage '{f.Name}' rejects its default options: {string.Join("; ", errors.Errors)}");
            foreach (var t in stage.Tables)
            {
                yield return t;
            }
        }
    }
}
