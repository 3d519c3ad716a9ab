using BenchmarkDotNet.Attributes;
using NetOrbit.Data;
using NetOrbit.Lyapunov;
using NetOrbit.Training;

namespace NetOrbit.Benchmarks.Lyapunov;

/// <summary>
/// Cost per GD step of the Lyapunov spectrum (k HVPs + one QR) and of sharpness (30 Lanczos
/// iterations) on the paper's Iris 4-10-3 network (P = 83), with the real model's exact HVPs.
/// Run: dotnet run -c Release --project tests/NetOrbit.Benchmarks -- --filter '*Lyapunov*'
/// </summary>
[MemoryDiagnoser]
public class LyapunovSpectrumBenchmarks
{
    private GradientDescentMap _map = null!;
    private LyapunovSpectrumTracker _tracker = null!;
    private double[] _w = null!;

    [Params(1, 10, 83)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var iris = NetOrbit.Datasets.DatasetCatalog.FromJson("""{ "name": "iris", "source": "iris" }""").Load();
        _map = new GradientDescentMap(new NetworkModel(MlpSpec.PaperIris), iris.Train, 1.0);
        _tracker = new LyapunovSpectrumTracker(_map, K);
        _w = new double[MlpSpec.PaperIris.ParameterCount];
        ParameterInitializer.Initialize(MlpSpec.PaperIris, WeightInit.Normal, 1, _w);
    }

    /// <summary>One step of the tangent dynamics: k exact HVPs and a thin QR.</summary>
    [Benchmark]
    public void SpectrumStep() => _tracker.Advance(_w);
}

/// <summary>Sharpness, the window fit and in-stream distances on Iris-sized data.</summary>
[MemoryDiagnoser]
public class LyapunovStreamBenchmarks
{
    private NetworkModel _model = null!;
    private DataSplit _train = null!;
    private double[] _w = null!;
    private double[] _curve = null!;
    private double[][] _members = null!;

    [GlobalSetup]
    public void Setup()
    {
        var iris = NetOrbit.Datasets.DatasetCatalog.FromJson("""{ "name": "iris", "source": "iris" }""").Load();
        _train = iris.Train;
        _model = new NetworkModel(MlpSpec.PaperIris);
        _w = new double[MlpSpec.PaperIris.ParameterCount];
        ParameterInitializer.Initialize(MlpSpec.PaperIris, WeightInit.Normal, 1, _w);
        _curve = Enumerable.Range(0, 200).Select(t => 1e-8 * Math.Exp(0.3 * Math.Min(t, 60) + 0.01 * Math.Sin(t))).ToArray();
        _members = ParameterInitializer.Ensemble(MlpSpec.PaperIris, WeightInit.Normal, 1, 6, 1e-8, PerturbationTarget.Weights, 2);
    }

    /// <summary>Top Hessian eigenvalue by 30 Lanczos iterations (one sharpness evaluation).</summary>
    [Benchmark]
    public double Sharpness() =>
        SharpnessEstimator.Estimate((v, o) => _model.HessianVectorProduct(_w, v, _train, o), _w.Length, 30, 1e-30).Sharpness;

    /// <summary>The paper's 315-window fit on a 200-step curve (once per run).</summary>
    [Benchmark]
    public double WindowFit() => WindowFitEstimator.Fit(_curve).Lambda;

    /// <summary>L1 distances of 5 copies to the reference (once per ensemble step).</summary>
    [Benchmark]
    public double Distances()
    {
        double s = 0;
        for (var j = 1; j < _members.Length; j++)
        {
            s += NetOrbit.Numerics.VectorDistance.L1(_members[j], _members[0]);
        }

        return s;
    }
}
