using NetOrbit.Contracts;

namespace NetOrbit.Running;

/// <summary>Collects every run's result for <c>runs.arrow</c> and the manifest.</summary>
internal sealed class ResultCollector : IRunConsumer
{
    private readonly List<RunResult> _results = [];

    public string Name => "runs";

    public IReadOnlyList<RunResult> Results => _results;

    public ValueTask OnEventAsync(RunEvent e, CancellationToken cancellationToken)
    {
        if (e.Result is { } r)
        {
            _results.Add(r);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask AbortAsync() => ValueTask.CompletedTask;
}
