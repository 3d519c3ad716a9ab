using BenchmarkDotNet.Attributes;
using NetOrbit.Data;
using NetOrbit.Training;

namespace NetOrbit.Benchmarks.Training;

/// <summary>
/// One exact Hessian-vector product over a whole training split: the trainer's batched kernels (NetworkModel's public
/// method, which the sharpness and spectrum estimators call) against the one-sample-at-a-time scalar
/// R-operator that checks them, on the paper's Iris 4-10-3 (P = 83, 120 rows) and digits 64-32-10 (P = 2410, 1347 rows).
/// Run: dotnet run -c Release --project tests/NetOrbit.Benchmarks -- --filter '*HessianVectorProduct*'
/// </summary>
[MemoryDiagnoser]
public class HessianVectorProductBenchmarks
{
    private NetworkModel _model = null!;
    private DataSplit _train = null!;
    private double[] _w = null!;
    private double[] _v = null!;
    private double[] _result = null!;

    [Params("iris-4-10-3", "digits-64-32-10")]
    public string Workload { get; set; } = "iris-4-10-3";

    [GlobalSetup]
    public void Setup()
    {
        var (source, spec) = Workload == "iris-4-10-3"
            ? ("""{ "name": "iris", "source": "iris" }""", MlpSpec.PaperIris)
            : ("""{ "name": "digits", "source": "digits", "test_fraction": 0.25, "split_seed": 1 }""", new MlpSpec([64, 32, 10], HiddenActivation.Sigmoid, OutputActivation.Softmax));
        _train = NetOrbit.Datasets.DatasetCatalog.FromJson(source).Load().Train;
        _model = new NetworkModel(spec);
        _w = new double[spec.ParameterCount];
        ParameterInitializer.Initialize(spec, WeightInit.Glorot, 1, _w);
        var rng = new Random(2);
        _v = [.. Enumerable.Range(0, _w.Length).Select(_ => rng.NextDouble() - 0.5)];
        _result = new double[_w.Length];
    }

    /// <summary>The batched kernels' R-operator.</summary>
    [Benchmark(Baseline = true)]
    public double Kernels()
    {
        _model.HessianVectorProduct(_w, _v, _train, _result);
        return _result[0];
    }

    /// <summary>The scalar R-operator, one sample at a time.</summary>
    [Benchmark]
    public double Scalar()
    {
        _model.ScalarHessianVectorProduct(_w, _v, _train, _result);
        return _result[0];
    }
}
