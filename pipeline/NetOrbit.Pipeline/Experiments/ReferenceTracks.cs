using NetOrbit.Contracts;
using NetOrbit.Training;

namespace NetOrbit.Pipeline;

/// <summary>
/// Reference tracks shared by the runs of one experiment that differ only in eps. The grid's eps is its innermost
/// loop, so the runs of an initial condition at a learning rate follow one another; the first to start records its
/// reference's track and publishes it when done, and the runs that start after that train only their copies
/// (<see cref="EnsembleTrainer.ReplayReference"/>; every value is the same bit for bit). A track is dropped once every
/// run of its initial condition inside this call's range (a shard, or what a resume left) has finished. Off for mini-batch training, grids with one eps, runs without copies,
/// and tracks above <see cref="MaxTrackBytes"/>.
/// </summary>
internal sealed class ReferenceTracks
{
    /// <summary>The largest track kept: 5000 steps of a 4-10-3 network take 3.4 MB.</summary>
    internal const long MaxTrackBytes = 16L << 20;

    private readonly int _runsPerKey;
    private readonly int _first;
    private readonly int _end;
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly Lock _lock = new();
    private int _replays;

    private ReferenceTracks(int runsPerKey, int first, int count)
    {
        _runsPerKey = runsPerKey;
        _first = first;
        _end = first + count;
    }

    /// <summary>
    /// The tracks of <paramref name="plan"/>'s runs <paramref name="first"/> .. <paramref name="first"/> +
    /// <paramref name="count"/> - 1 (what this call trains: a shard, or what a resume left), or null when no two of its
    /// runs share a reference.
    /// </summary>
    public static ReferenceTracks? For(ExperimentPlan plan, int first, int count)
    {
        var c = plan.Config;
        var epsilons = c.Perturbations.Copies > 0 ? c.Perturbations.Epsilons.Length : 1;
        return c.Optimizer.Type == "sgd" || epsilons < 2 ? null : new ReferenceTracks(epsilons, first, count);
    }

    /// <summary>Runs that replayed a track so far.</summary>
    public int Replays => Volatile.Read(ref _replays);

    /// <summary>Whether <paramref name="run"/> takes part: it has copies and its track fits.</summary>
    public static bool Applies(RunInfo run) =>
        run.Members > 1 && ReferenceTrack.SizeInBytes(run.Layout.Count, run.Steps) <= MaxTrackBytes;

    /// <summary>
    /// What <paramref name="run"/> does with its reference: replay the returned track when another run has published it;
    /// else record it (<paramref name="record"/> true) when no other run of its initial condition is recording, so at
    /// most one track per initial condition is held however many threads train; else train it without recording.
    /// </summary>
    public ReferenceTrack? Begin(RunInfo run, out bool record)
    {
        lock (_lock)
        {
            var e = EntryOf(Key.Of(run));
            record = e.Track is null && !e.Recording;
            e.Recording |= record;
            _replays += e.Track is null ? 0 : 1;
            return e.Track;
        }
    }

    /// <summary>The track <paramref name="run"/> recorded: kept for the others when complete, else another run may record.</summary>
    public void Publish(RunInfo run, ReferenceTrack track)
    {
        lock (_lock)
        {
            var e = EntryOf(Key.Of(run));
            if (track.IsComplete)
            {
                e.Track ??= track;
            }
            else
            {
                e.Recording = false; // the run stopped early (every member diverged): later steps are not there to replay
            }
        }
    }

    /// <summary>
    /// <paramref name="run"/> has finished (or failed); the track goes once every run of its key in this call's range has.
    /// The runs of a key are consecutive in the grid (eps innermost), so a range cuts off some only at its ends.
    /// </summary>
    public void Finished(RunInfo run)
    {
        var start = run.Index - (run.Index % _runsPerKey);
        var expected = Math.Min(_end, start + _runsPerKey) - Math.Max(_first, start);
        lock (_lock)
        {
            var key = Key.Of(run);
            var e = EntryOf(key);
            if (++e.Finished >= expected)
            {
                _entries.Remove(key);
            }
        }
    }

    /// <summary>Initial conditions whose track or recorder is held now (tests).</summary>
    internal int Held
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
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

        public bool Recording { get; set; }

        public int Finished { get; set; }
    }
}
