using NetOrbit.Tests.Support;

namespace NetOrbit.Tests.Report;

/// <summary>One small real run (Iris at the paper's three learning rates, every analysis stage) that the report tests share.</summary>
public sealed class ReportRunFixture : IDisposable
{
    internal const string Config = """
        {
          "name": "report-test",
          "description": "Iris 4-10-3 at eta = 0.01, 1 and 5, 2 initial conditions x 3 copies at eps = 1e-8 and 1e-4, 300 steps.",
          "datasets": [ { "name": "iris", "source": "iris", "test_fraction": 0.2, "split_seed": 0 } ],
          "learning_rates": [0.01, 1, 5],
          "initial_conditions": { "count": 2 },
          "perturbations": { "copies": 3, "epsilons": [1e-8, 1e-4] },
          "steps": 300,
          "evaluation": { "every": 10 },
          "recording": { "every": 5 },
          "stages": {
            "lyapunov": { "record_every": 5, "loss": { "enabled": true, "references": 50, "shuffles": 50, "seed": 5 } },
            "recurrence": { "every": 5 },
            "graph": { "every": 50 },
            "regimes": {}
          }
        }
        """;

    private readonly TempDir _tmp = new();

    public ReportRunFixture()
    {
        RunDir = _tmp.File("run");
        var config = _tmp.File("report-test.json");
        File.WriteAllText(config, Config);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = NetOrbit.Cli.Program.BuildRoot(stdout, stderr).Parse(["run", config, "--out", RunDir, "--quiet"]).InvokeAsync().GetAwaiter().GetResult();
        if (code != 0)
        {
            throw new InvalidOperationException($"the test run failed ({code}): {stderr}");
        }
    }

    /// <summary>The run directory (do not modify: copy it first).</summary>
    public string RunDir { get; }

    internal TempDir Temp => _tmp;

    public void Dispose() => _tmp.Dispose();
}
