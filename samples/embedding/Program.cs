// NetOrbit from code: an experiment defined here, a custom analysis stage written inline, a run
// with a progress callback and a cancellation token, and a result read back from an Arrow table.
// Run: dotnet run --project samples/embedding -c Release [-- OUTPUT_DIR]
using Apache.Arrow;
using Apache.Arrow.Ipc;
using NetOrbit.Pipeline;
using NetOrbit.Samples.Embedding;

var outDir = args.Length > 0 ? args[0] : Path.Combine("runs", "embedding-demo");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// The experiment: Iris 4-10-3 at three learning rates, 3 initial conditions, 2 perturbed copies each.
var experiment = ExperimentBuilder.FromJson(
        """
        {
          "name": "embedding-demo",
          "datasets": [ { "name": "iris", "source": "iris" } ],
          "learning_rates": [0.1, 1, 5],
          "initial_conditions": { "count": 3 },
          "perturbations": { "copies": 2, "epsilons": [1e-8] },
          "steps": 400,
          "recording": { "mode": "summaries" }
        }
        """,
        source: "<embedding sample>")
    .Configure(c => c["evaluation"] = new System.Text.Json.Nodes.JsonObject { ["every"] = 50 })
    .AddStage("lyapunov")               // a built-in stage, by name, default options
    .AddStage(new WeightNormStage(every: 10)) // a stage written here (WeightNormStage.cs)
    .Build();

Console.WriteLine($"{experiment.Name}: {experiment.Runs.Count} runs, {experiment.TotalNetworkSteps:N0} network-steps, stages {string.Join(", ", experiment.Stages.Select(s => s.Name))}");
var progress = new QuarterProgress();

var result = await experiment.RunAsync(outDir, new ExperimentRunOptions { Threads = Environment.ProcessorCount, Progress = progress }, cancel.Token);
Console.WriteLine($"wrote {result.RunDirectory} in {result.Elapsed.TotalSeconds:F1} s ({result.Diverged} runs diverged)");

// Read the custom stage's table back, as any Arrow reader would.
var rows = 0;
Console.WriteLine($"{"run",-28} {"||W(0)||_1",11} {"||W(T)||_1",11} {"max",9} {"at step",8}");
using (var stream = File.OpenRead(result.TablePath(WeightNormStage.TableName)))
using (var reader = new ArrowFileReader(stream))
{
    while (reader.ReadNextRecordBatch() is { } batch)
    {
        using (batch)
        {
            var runId = (StringArray)batch.Column("run_id");
            var first = (DoubleArray)batch.Column("initial_norm");
            var last = (DoubleArray)batch.Column("final_norm");
            var max = (DoubleArray)batch.Column("max_norm");
            var maxStep = (Int64Array)batch.Column("max_norm_step");
            for (var i = 0; i < batch.Length; i++, rows++)
            {
                Console.WriteLine($"{runId.GetString(i),-28} {first.GetValue(i),11:F3} {last.GetValue(i),11:F3} {max.GetValue(i),9:F3} {maxStep.GetValue(i),8}");
            }
        }
    }
}

if (rows != experiment.Runs.Count)
{
    Console.Error.WriteLine($"error: {WeightNormStage.TableName} has {rows} rows, expected {experiment.Runs.Count}");
    return 1;
}

// And a built-in stage's: the paper's finite network Lyapunov exponent per learning rate.
using (var stream = File.OpenRead(result.TablePath("lyapunov/summary")))
using (var reader = new ArrowFileReader(stream))
{
    while (reader.ReadNextRecordBatch() is { } batch)
    {
        using (batch)
        {
            var eta = (DoubleArray)batch.Column("eta");
            var mean = (DoubleArray)batch.Column("nmle_mean");
            var kept = (Int32Array)batch.Column("kept");
            for (var i = 0; i < batch.Length; i++)
            {
                Console.WriteLine($"eta = {eta.GetValue(i)}: lambda_nMLE = {mean.GetValue(i):F3} per step ({kept.GetValue(i)} initial conditions kept)");
            }
        }
    }
}

return 0;

/// <summary>Prints progress at each quarter; called on the trainer threads, hence the lock.</summary>
internal sealed class QuarterProgress : IProgress<ExperimentProgress>
{
    private readonly Lock _lock = new();
    private int _printed = -1;

    public void Report(ExperimentProgress value)
    {
        lock (_lock)
        {
            var quarter = (int)(4 * value.Fraction);
            if (quarter > _printed)
            {
                _printed = quarter;
                Console.WriteLine($"  {25 * quarter,3}% of network-steps ({value.Runs}/{value.TotalRuns} runs done)");
            }
        }
    }
}
