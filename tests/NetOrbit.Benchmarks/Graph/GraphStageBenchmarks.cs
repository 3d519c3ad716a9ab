using BenchmarkDotNet.Attributes;
using NetOrbit.Cli.Bench;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Graph;
using NetOrbit.Graph.Kernels;

namespace NetOrbit.Benchmarks.Graph;

/// <summary>
/// Cost of the graph stage's per-snapshot kernels and per-step path update against one full-batch
/// GD step of the reference MLP (the baseline), for Iris 4-10-3 and digits 64-32-10.
/// Run: <c>dotnet run -c Release --project tests/NetOrbit.Benchmarks -- --filter *GraphStageBenchmarks*</c>.
/// </summary>
[MemoryDiagnoser]
public class GraphStageBenchmarks
{
    private SnapshotAnalyzer _analyzer = null!;
    private ParameterPath _path = null!;
    private ReferenceMlp _model = null!;
    private DataSplit _train = null!;
    private double[] _w = [];
    private double[] _initial = [];
    private double[] _gradient = [];

    [Params("4-10-3", "64-32-10")]
    public string Architecture { get; set; } = "4-10-3";

    [GlobalSetup]
    public void Setup()
    {
        var layers = Architecture.Split('-').Select(int.Parse).ToArray();
        var layout = ParameterLayout.ForLayers(layers);
        var rows = layers[0] == 4 ? 120 : 1437;
        var random = new Random(7);
        _w = [.. Enumerable.Range(0, layout.Count).Select(_ => random.NextDouble() * 2 - 1)];
        _initial = [.. _w.Select(x => x + 0.01)];
        _gradient = new double[layout.Count];
        _analyzer = new SnapshotAnalyzer(layout);
        _path = new ParameterPath(layout.Count);
        _path.Add(_initial);
        _model = new ReferenceMlp(layout);
        var x = Enumerable.Range(0, rows * layers[0]).Select(_ => random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(r => r % layers[^1]).ToArray();
        _train = new DataSplit(x, labels, layers[0], layers[^1], Enumerable.Range(0, rows).ToArray());
    }

    /// <summary>Everything computed for one metrics snapshot (no Arrow).</summary>
    [Benchmark]
    public double AnalyzeSnapshot()
    {
        _analyzer.Analyze(_w, _initial, _initial);
        return _analyzer.SpectralRadius;
    }

    /// <summary>The per-step path-length update (every step at the default path_every = 1).</summary>
    [Benchmark]
    public int PathStep()
    {
        _path.Add(_w);
        return _path.Points;
    }

    /// <summary>One full-batch gradient step of the reference MLP: what the stage is compared with.</summary>
    [Benchmark(Baseline = true)]
    public double ReferenceStep() => _model.Gradient(_w, _train, _gradient);
}
