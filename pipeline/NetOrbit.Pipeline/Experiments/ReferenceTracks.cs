using NetOrbit.Contracts;
using NetOrbit.Training;

namespace NetOrbit.Pipeline;

/// <summary>
/// Reference tracks shared by the runs of one experiment that differ only in eps: the grid's eps is its innermost
/// loop, so the runs of an initial condition at a learning rate follow one another, and the first to finish training
/// its reference publishes the track for the others, which train only their copies
/// (<see cref="EnsembleTrainer.ReplayReference"/>; every value is the same bit for bit). A track is dropped once every
/// run of its initial condition has finished. Off for mini-batch training, grids with one eps, runs without copies,
/// and tracks above <see cref="MaxTrackBytes"/>.
/// </summary>
internal sealed class ReferenceTracks
{
    /// <summary>The largest track kept: 5000 steps of a 4-10-3 network take 3.4 MB.</summary>
    internal const long MaxTrackBytes = 16L << 20;

    private readonly int _runsPerKey;
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly Lock _lock = new();

    private ReferenceTracks(int runsPerKey) => _runsPerKey = runsPerKey;

    /// <summary>The tracks of <paramref name="plan"/>'s runs, or null when no two of its runs share a reference.</summary>
    public static ReferenceTracks? For(ExperimentPlan plan)
    {
        var c = plan.Config;
        var epsilons = c.Perturbations.Copies > 0 ? c.Perturbations.Epsilons.Length : 1;
        return c.Optimizer.Type == "sgd" || epsilons < 2 ? null : new ReferenceTracks(epsilons);
    }

    /// <summary>Whether <paramref name="run"/> takes part: it has copies and its track fits.</summary>
    public static bool Applies(RunInfo run) =>
        run.Members > 1 && ReferenceTrack.SizeInBytes(run.Layout.Count, run.Steps) <= MaxTrackBytes;

    /// <summary>The complete track of <paramref name="run"/>'s reference, when another run published it.</summary>
    public ReferenceTrack? Find(RunInfo run)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(Key.Of(run), out var e) ? e.Track : null;
        }
    }

    /// <summary>Offers <paramref name="track"/>, recorded by <paramref name="run"/>; kept when complete and the first.</summary>
    public void Publish(RunInfo run, ReferenceTrack track)
    {
        if (!track.IsComplete)
        {
            return; // the run stopped early (every member diverged): later steps are not there to replay
        }

        lock (_lock)
        {
            var e = EntryOf(Key.Of(run));
            e.Track ??= track;
        }
    }

    /// <summary><paramref name="run"/> has finished (or failed); the track goes once every run of its key has.</summary>
    public void Finished(RunInfo run)
    {
        lock (_lock)
        {
            var key = Key.Of(run);
            var e = EntryOf(key);
            if (++e.Finished >= _runsPerKey)
            {
                _entries.Remove(key);
            }
        }
    }

    private Entry EntryOf(Key key)
    {
        if (!_entries.TryGetValue(key, out var e))
        {
            e = new Entry();
            _entries[key] = e;
        }

        return e;
    }

    /// <summary>What fixes a reference's trajectory within one experiment: its data, learning rate, initial weights and length.</summary>
    private readonly record struct Key(string Dataset, double Eta, long InitSeed, int Steps)
    {
        public static Key Of(RunInfo run) => new(run.Dataset, run.Eta, run.InitSeed, run.Steps);
    }

    private sealed class Entry
    {
        public ReferenceTrack? Track { get; set; }

        public int Finished { get; set; }
    }
}
