using Apache.Arrow;
using Apache.Arrow.Types;
using NetOrbit.Arrow;
using NetOrbit.Cli.Commands;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Cli;

/// <summary>A trajectory written by another tool (the minimal columns, no layout metadata) is analysed like a NetOrbit one.</summary>
public sealed class ForeignTrajectoryTests
{
    [Fact]
    public async Task Analyze_MinimalForeignFile_RunsTheLyapunovStage()
    {
        using var tmp = new TempDir();
        var path = tmp.File("torch.arrow");
        const int p = 5, members = 3, steps = 150;
        var schema = new Schema(
            [
                new Field("run_id", StringType.Default, false),
                new Field("member", Int32Type.Default, false),
                new Field("step", Int64Type.Default, false),
                new Field("loss", DoubleType.Default, false),
                new Field("weights", TrajectoryTable.WeightsType(p), false),
            ],
            null);

        // Members separate exponentially from the reference at rate 0.2 per step.
        var ids = new StringArray.Builder();
        var member = new Int32Array.Builder();
        var step = new Int64Array.Builder();
        var loss = new DoubleArray.Builder();
        var w = new List<double>();
        for (var t = 0; t <= steps; t++)
        {
            for (var m = 0; m < members; m++)
            {
                ids.Append("foreign");
                member.Append(m);
                step.Append(t);
                loss.Append(1.0 / (t + 1));
                for (var i = 0; i < p; i++)
                {
                    w.Add(Math.Sin(i + (0.1 * t)) + (m == 0 ? 0 : 1e-9 * m * Math.Exp(0.2 * t)));
                }
            }
        }

        var n = (steps + 1) * members;
        await ArrowTableFile.WriteAsync(path, schema, [new RecordBatch(schema, [ids.Build(), member.Build(), step.Build(), loss.Build(), TrajectoryTable.BuildWeights(w.ToArray(), p)], n)]);

        var err = new StringWriter();
        var code = await AnalyzeCommand.ExecuteAsync([path], ["lyapunov"], null, tmp.File("out"), 1, [], TextWriter.Null, err, default);
        Assert.True(code == 0, err.ToString());
        var exponents = tmp.File("out/lyapunov/exponents.arrow");
        Assert.Equal(["foreign"], ArrowRead.Strings(exponents, "run_id"));
        Assert.Equal(0.2, ArrowRead.Doubles(exponents, "lambda")[0], 1e-6);
    }
}
