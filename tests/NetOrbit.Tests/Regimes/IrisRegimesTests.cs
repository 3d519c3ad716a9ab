using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Pipeline;
using NetOrbit.Tests.Support;
using Xunit.Abstractions;

namespace NetOrbit.Tests.Regimes;

/// <summary>
/// The paper's Iris cases through the public API with the stage's default options: 4-10-3
/// sigmoid/softmax, 2 initial conditions x 4 copies at eps = 1e-8, full-batch GD.
/// </summary>
public sealed class IrisRegimesTests(ITestOutputHelper log) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Iris_PaperLearningRates_LabelledRegularEdgeChaoticDivergent()
    {
        var json = """
            { "name": "regimes", "datasets": [ { "name": "iris", "source": "iris" } ],
              "learning_rates": [0.01, 1, 5, 1e306], "initial_conditions": { "count": 2 },
              "perturbations": { "copies": 4, "epsilons": [1e-8] }, "steps": 1000,
              "recording": { "mode": "summaries" } }
            """;
        var result = await ExperimentBuilder.FromJson(json).AddStage("regimes").Build()
            .RunAsync(_dir.File("run"), new ExperimentRunOptions { Threads = 2 });

        var labels = Read(result.TablePath("regimes/labels"));
        var features = Read(result.TablePath("regimes/features"));
        for (var i = 0; i < labels.Count; i++)
        {
            log.WriteLine(string.Join(" ", labels[i].Select(kv => $"{kv.Key}={kv.Value}")));
            log.WriteLine("   " + string.Join(" ", features[i].Select(kv => $"{kv.Key}={kv.Value}")));
        }

        Assert.Equal(8, labels.Count);
        Assert.Equal(8, features.Count);
        var expected = new Dictionary<double, string> { [0.01] = "regular", [1] = "edge_of_stability", [5] = "chaotic", [1e306] = "divergent" };
        foreach (var row in labels)
        {
            Assert.Equal(expected[(double)row["eta"]!], row["regime"]);
        }
    }

    private static List<Dictionary<string, object?>> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var rows = new List<Dictionary<string, object?>>();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            for (var r = 0; r < batch.Length; r++)
            {
                var row = new Dictionary<string, object?>();
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    row[batch.Schema.FieldsList[c].Name] = batch.Column(c) switch
                    {
                        DoubleArray a => a.GetValue(r),
                        Int32Array a => a.GetValue(r),
                        BooleanArray a => a.GetValue(r),
                        StringArray a => a.GetString(r),
                        _ => null,
                    };
                }

                rows.Add(row);
            }
        }

        return rows;
    }
}
