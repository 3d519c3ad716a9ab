using NetOrbit.Arrow;
using NetOrbit.Cli.Commands;
using NetOrbit.Contracts;
using NetOrbit.Lyapunov;
using NetOrbit.Tests.Cli;
using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Lyapunov;

/// <summary>
/// Member distances: the trainer computes them in-stream, the reader from recorded snapshots; both
/// must give the Lyapunov stage the same bits, whatever is recorded.
/// </summary>
public sealed class MemberDistanceTests
{
    private static RunInfo Run(int members, int p) => new()
    {
        Index = 0,
        RunId = "r",
        Dataset = "d",
        Architecture = "flat",
        Eta = 1,
        Epsilon = 1e-3,
        InitialCondition = 0,
        InitSeed = 1,
        PerturbationSeed = 2,
        Members = members,
        Steps = 10,
        Layout = ParameterLayout.Flat(p),
    };

    [Fact]
    public void Tracker_SplitStepsMissingRowsAndMissingReference_MatchDirectDistances()
    {
        const int p = 5;
        var run = Run(3, p);
        var rng = new Random(3);
        double[] W(int m, long t) => [.. Enumerable.Range(0, p).Select(i => Math.Sin((7 * m) + (3 * t) + i) + (0.01 * rng.NextDouble()))];
        var weights = new Dictionary<(int, long), double[]>();

        // Rows by step then member; the reference is missing at step 3, member 2 at step 4; the
        // first batch ends in the middle of step 2.
        var rows = new List<(int Member, long Step)>();
        for (long t = 0; t <= 5; t++)
        {
            for (var m = 0; m < 3; m++)
            {
                if ((t == 3 && m == 0) || (t == 4 && m == 2))
                {
                    continue;
                }

                rows.Add((m, t));
                weights[(m, t)] = W(m, t);
            }
        }

        var schema = TrajectoryTable.CreateSchema(run.Layout);
        var tracker = new MemberDistanceTracker(run);
        var entries = new List<(long Step, double[] L1, double[] L2)>();
        void Take(MemberDistanceBatch? b)
        {
            for (var i = 0; b is not null && i < b.Length; i++)
            {
                entries.Add((b.Step(i), [.. Enumerable.Range(0, 3).Select(m => b.L1(i, m))], [.. Enumerable.Range(0, 3).Select(m => b.L2(i, m))]));
            }
        }

        foreach (var chunk in new[] { rows.Take(8), rows.Skip(8) })
        {
            var builder = new TrajectoryBatchBuilder(run, schema);
            foreach (var (m, t) in chunk)
            {
                builder.Append(m, t, 0, 0, weights[(m, t)], null, null);
            }

            var batch = builder.BuildSnapshots();
            Take(tracker.Add(batch));
            batch.Dispose();
        }

        Take(tracker.Flush());

        Assert.Equal([0L, 1, 2, 4, 5], entries.Select(e => e.Step));
        foreach (var (step, l1, l2) in entries)
        {
            Assert.Equal(0, l1[0]);
            for (var m = 1; m < 3; m++)
            {
                if (step == 4 && m == 2)
                {
                    Assert.True(double.IsNaN(l1[m]) && double.IsNaN(l2[m]));
                    continue;
                }

                // The stage's own distance functions (TensorPrimitives; another summation order).
                Assert.Equal(NetOrbit.Numerics.VectorDistance.L1(weights[(m, step)], weights[(0, step)]), l1[m], 1e-14);
                Assert.Equal(NetOrbit.Numerics.VectorDistance.L2(weights[(m, step)], weights[(0, step)]), l2[m], 1e-14);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(83)]
    [InlineData(2410)]
    public void Distances_AnyLength_MatchScalarSums(int n)
    {
        var rng = new Random(n);
        var a = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var (l1, l2) = NetOrbit.Numerics.VectorDistance.L1AndL2(a, b);
        Assert.Equal(a.Zip(b, (x, y) => Math.Abs(x - y)).Sum(), l1, 1e-13 * n);
        Assert.Equal(Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum()), l2, 1e-13 * n);

        // Known answer: a = 1..n against 0 gives n(n+1)/2 and sqrt(n(n+1)(2n+1)/6), exactly
        // representable sums for these n.
        var k = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        var (k1, k2) = NetOrbit.Numerics.VectorDistance.L1AndL2(k, new double[n]);
        Assert.Equal(n * (n + 1) / 2.0, k1);
        Assert.Equal(Math.Sqrt(n * (n + 1.0) * ((2 * n) + 1) / 6), k2, 1e-15 * k2);
    }

    [Fact]
    public void Builder_MarkAbsent_ReferenceDropsTheEntry()
    {
        var run = Run(3, 2);
        var b = new MemberDistanceBuilder(run, 2);
        b.AddStep(0);
        b.Set(1, [0, 0], [1, -1]);
        b.Set(2, [0, 0], [3, 4]);
        b.AddStep(1);
        b.MarkAbsent(0);
        b.AddStep(2);
        b.Set(2, [0, 0], [0, 1]);
        b.MarkAbsent(2);
        b.AddStep(3); // grows past the initial capacity
        var batch = b.Build();
        Assert.Equal(3, batch.Length);
        Assert.Equal([0L, 2, 3], Enumerable.Range(0, 3).Select(batch.Step));
        Assert.Equal(2, batch.L1(0, 1));
        Assert.Equal(7, batch.L1(0, 2));
        Assert.Equal(5, batch.L2(0, 2), 15);
        Assert.True(double.IsNaN(batch.L1(1, 2)));
        Assert.True(double.IsNaN(batch.L1(2, 1)));
        Assert.Equal(0, b.Length);
    }

    private const string Experiment = """
        {
          "name": "md",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "architecture": { "hidden": [6], "activation": "ACT" },
          "learning_rates": [0.5, ETA],
          "initial_conditions": { "count": 2 },
          "perturbations": { "copies": 3, "epsilons": [EPS] },
          "steps": 260,
          "recording": RECORDING,
          "stages": { "lyapunov": { } }
        }
        """;

    [Fact]
    public async Task Offline_OneRecordedRowPerMember_NotTakenForDivergence()
    {
        // recording.every beyond the run's steps: every member has its step-0 row only, and no interval to judge by.
        using var tmp = new TempDir();
        var json = Experiment.Replace("ACT", "sigmoid").Replace("ETA", "1").Replace("EPS", "1e-6").Replace("260", "8")
            .Replace("RECORDING", "{ \"mode\": \"snapshots\", \"every\": 20 }");
        var (code, _, err) = await RunCommandTests.Run(json, tmp.File("recorded"), threads: 2);
        Assert.True(code == 0, err);
        var stderr = new StringWriter();
        Assert.Equal(0, await AnalyzeCommand.ExecuteAsync([tmp.File("recorded")], ["lyapunov"], null, tmp.File("offline"), 2, [], new StringWriter(), stderr, default));
        var status = ArrowRead.Strings(Path.Combine(tmp.File("offline"), "lyapunov", "exponents.arrow"), "status");
        Assert.Equal(4, status.Count);
        Assert.DoesNotContain("diverged", status);
    }

    [Theory]
    [InlineData("sigmoid", 5, 1e-6, false)]
    [InlineData("relu", 2, 1e-6, false)]
    [InlineData("sigmoid", 3e283, 0.5, true)] // the first run's members blow up at different steps (150-258), the second's not
    [InlineData("sigmoid", 1e306, 0.5, true)] // every member blows up at step 2: offline, rows that stop early still mean diverged
    public async Task InStreamDistances_EqualDistancesFromRecordedSnapshots_AndDoNotDependOnRecording(string activation, double eta, double eps, bool diverges)
    {
        using var tmp = new TempDir();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var json = Experiment.Replace("ACT", activation).Replace("ETA", eta.ToString("R", inv)).Replace("EPS", eps.ToString("R", inv));
        var (code, _, err) = await RunCommandTests.Run(json.Replace("RECORDING", "{ \"mode\": \"snapshots\" }"), tmp.File("recorded"), threads: 2);
        Assert.True(code == 0, err);
        (code, _, err) = await RunCommandTests.Run(json.Replace("RECORDING", "{ \"mode\": \"summaries\" }"), tmp.File("summaries"), threads: 2);
        Assert.True(code == 0, err);

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, await AnalyzeCommand.ExecuteAsync([tmp.File("recorded")], ["lyapunov"], null, tmp.File("offline"), 2, [], stdout, stderr, default));

        foreach (var table in new[] { "distances", "exponents", "summary" })
        {
            var recorded = File.ReadAllBytes(Path.Combine(tmp.File("recorded"), "lyapunov", table + ".arrow"));
            Assert.True(recorded.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(tmp.File("summaries"), "lyapunov", table + ".arrow"))), $"{table}: recording changed the in-stream result");
        }

        // Offline, record batches are cut where the file's are, so compare values, not bytes.
        string Path2(string dir, string table) => Path.Combine(tmp.File(dir), "lyapunov", table + ".arrow");
        Assert.Equal(ArrowRead.Strings(Path2("recorded", "distances"), "run_id"), ArrowRead.Strings(Path2("offline", "distances"), "run_id"));
        Assert.Equal(ArrowRead.Longs(Path2("recorded", "distances"), "member"), ArrowRead.Longs(Path2("offline", "distances"), "member"));
        Assert.Equal(ArrowRead.Longs(Path2("recorded", "distances"), "step"), ArrowRead.Longs(Path2("offline", "distances"), "step"));
        Assert.Equal(ArrowRead.Doubles(Path2("recorded", "distances"), "distance"), ArrowRead.Doubles(Path2("offline", "distances"), "distance"));
        foreach (var column in new[] { "lambda", "r2", "lambda_eq4" })
        {
            Assert.Equal(ArrowRead.Doubles(Path2("recorded", "exponents"), column), ArrowRead.Doubles(Path2("offline", "exponents"), column));
        }

        Assert.Equal(ArrowRead.Strings(Path2("recorded", "exponents"), "status"), ArrowRead.Strings(Path2("offline", "exponents"), "status"));

        var distances = ArrowRead.Doubles(Path.Combine(tmp.File("recorded"), "lyapunov", "distances.arrow"), "distance");
        Assert.NotEmpty(distances);
        Assert.All(distances, d => Assert.False(double.IsNaN(d)));
        var status = ArrowRead.Strings(Path.Combine(tmp.File("recorded"), "lyapunov", "exponents.arrow"), "status");
        Assert.Equal(diverges, status.Contains("diverged"));
    }
}
