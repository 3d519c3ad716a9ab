using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Randomness;

namespace NetOrbit.Training;

/// <summary>
/// Trains an ensemble of identical-architecture networks (member 0 is the reference, the others its copies) in
/// lock-step on the same training data, in float64 with exact backpropagation. One <see cref="Step"/> advances every
/// live member from W(t) to W(t+1) = W(t) - eta grad L(W(t)) and leaves L(W(t)) and acc(W(t)) in
/// <see cref="Losses"/>/<see cref="Accuracies"/>, so snapshot t is (W(t), L(W(t)), acc(W(t))). A member whose loss
/// or any weight becomes non-finite is marked diverged at that step, keeps its last finite weights and stops; the
/// others go on. Not thread-safe: run one trainer per thread (results do not depend on the thread count).
/// </summary>
public sealed class EnsembleTrainer
{
    private readonly bool _vector512;
    private readonly MlpShape _shape;
    private readonly DataSplit _train;
    private readonly SampleBlock _trainBlock;
    private readonly MlpBuffers _act;
    private readonly double[] _gradient;
    private readonly double[][] _current;
    private readonly double[][] _next;
    private readonly double[] _losses;
    private readonly double[] _accuracies;
    private readonly long[] _divergedStep;
    private readonly bool[] _coincident;
    private readonly int[]? _order;
    private readonly SeededRandom? _shuffle;
    private readonly int _batchesPerEpoch;
    private readonly List<(SampleBlock Block, MlpBuffers Buffers)> _evalCache = [];
    private ReferenceTrack? _record;
    private ReferenceTrack? _replay;

    /// <summary>Creates a trainer for <paramref name="members"/> networks of <paramref name="spec"/> on <paramref name="train"/>; all parameters start at zero until <see cref="SetParameters"/>.</summary>
    public EnsembleTrainer(MlpSpec spec, int members, DataSplit train, TrainerOptions? options = null)
        : this(spec, members, train, options, Vector512.IsHardwareAccelerated)
    {
    }

    /// <summary>As the public constructor; <paramref name="vector512"/> false selects the 4-lane kernels (used where AVX-512 is missing, and by tests).</summary>
    internal EnsembleTrainer(MlpSpec spec, int members, DataSplit train, TrainerOptions? options, bool vector512)
    {
        _vector512 = vector512;
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        options ??= TrainerOptions.Default;
        if (train.Count == 0)
        {
            throw new ArgumentException("train: the training split is empty.", nameof(train));
        }

        CheckSplit(spec, train, nameof(train));
        Spec = spec;
        Options = options;
        _shape = new MlpShape(spec);
        _train = train;
        Members = members;

        if (options.Optimizer == OptimizerKind.MiniBatch)
        {
            if (options.BatchSize < 1 || options.BatchSize > train.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"BatchSize must be in 1..{train.Count} (the training rows).");
            }

            _trainBlock = new SampleBlock(train.FeatureCount, train.ClassCount, options.BatchSize);
            _order = Enumerable.Range(0, train.Count).ToArray();
            _shuffle = new SeededRandom(options.ShuffleSeed);
            _batchesPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        }
        else if (options.Optimizer == OptimizerKind.FullBatch)
        {
            _trainBlock = SampleBlock.FromSplit(train);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Optimizer, "Unknown optimizer.");
        }

        _act = MlpKernels.CreateBuffers(_shape, _trainBlock.Capacity);
        var p = spec.ParameterCount;
        _gradient = new double[p];
        _current = new double[members][];
        _next = new double[members][];
        for (var m = 0; m < members; m++)
        {
            _current[m] = new double[p];
            _next[m] = new double[p];
        }

        _losses = new double[members];
        _accuracies = new double[members];
        _losses.AsSpan().Fill(double.NaN);
        _accuracies.AsSpan().Fill(double.NaN);
        _divergedStep = new long[members];
        _divergedStep.AsSpan().Fill(-1);
        _coincident = new bool[members];
        MetricsStep = -1;
    }

    /// <summary>The architecture.</summary>
    public MlpSpec Spec { get; }

    /// <summary>The optimiser options.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Parameter order.</summary>
    public ParameterLayout Layout => Spec.Layout;

    /// <summary>Number of members (1 reference plus copies).</summary>
    public int Members { get; }

    /// <summary>Steps taken so far; the current parameters are W(StepCount).</summary>
    public long StepCount { get; private set; }

    /// <summary>The step whose weights <see cref="Losses"/> and <see cref="Accuracies"/> describe (-1 before any).</summary>
    public long MetricsStep { get; private set; }

    /// <summary>Per member: training loss at W(<see cref="MetricsStep"/>); NaN for a member that had already diverged.</summary>
    public ReadOnlySpan<double> Losses => _losses;

    /// <summary>Per member: training accuracy (fraction correct, 0..1) at W(<see cref="MetricsStep"/>); NaN as for losses.</summary>
    public ReadOnlySpan<double> Accuracies => _accuracies;

    /// <summary>Per member: the step at which it diverged, or -1.</summary>
    public ReadOnlySpan<long> DivergedSteps => _divergedStep;

    /// <summary>Number of members still training.</summary>
    public int LiveMembers
    {
        get
        {
            var n = 0;
            foreach (var s in _divergedStep)
            {
                n += s < 0 ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>
    /// Member-steps of copies that were not trained because the copy held member 0's weights bit for bit: from then on
    /// its steps are member 0's, copied (see <see cref="Step"/>). At tiny eps many copies start out, or later fall,
    /// onto the reference's float64 grid point.
    /// </summary>
    public long CoincidentMemberSteps { get; private set; }

    /// <summary>True when member <paramref name="member"/> has diverged.</summary>
    public bool IsDiverged(int member) => _divergedStep[member] >= 0;

    /// <summary>Member <paramref name="member"/>'s current parameters W(StepCount) (the last finite ones once diverged). Valid until the next <see cref="Step"/>.</summary>
    public ReadOnlySpan<double> Parameters(int member) => _current[member];

    /// <summary>Sets member <paramref name="member"/>'s parameters (length P) and revives it if it had diverged.</summary>
    public void SetParameters(int member, ReadOnlySpan<double> parameters)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, Members);
        if (parameters.Length != Spec.ParameterCount)
        {
            throw new ArgumentException($"parameters: expected length {Spec.ParameterCount}, got {parameters.Length}.", nameof(parameters));
        }

        parameters.CopyTo(_current[member]);
        _divergedStep[member] = AllFinite(parameters) ? -1 : StepCount;
        _coincident.AsSpan().Clear();
    }

    /// <summary>
    /// From now on, member 0's state after each <see cref="Step"/> is appended to the returned track, sized for
    /// <paramref name="steps"/> steps, so that another trainer can replay it (<see cref="ReplayReference"/>). Call before
    /// the first step, after <see cref="SetParameters"/> of member 0.
    /// </summary>
    public ReferenceTrack RecordReference(long steps)
    {
        CheckFreshFullBatch();
        _record = new ReferenceTrack(_current[0], steps);
        return _record;
    }

    /// <summary>
    /// Member 0 follows <paramref name="track"/> instead of being trained: each <see cref="Step"/> sets its weights, loss,
    /// accuracy and divergence to the recorded ones, which are the bits training it would give when the track was recorded
    /// from the same W(0) (checked here, bit for bit), data, optimiser and learning rate. Call before the first step, after
    /// <see cref="SetParameters"/> of member 0; <see cref="Step"/> throws past the track's last step.
    /// </summary>
    /// <exception cref="ArgumentException">The track starts from other weights than member 0's.</exception>
    public void ReplayReference(ReferenceTrack track)
    {
        ArgumentNullException.ThrowIfNull(track);
        CheckFreshFullBatch();
        if (!MemoryMarshal.AsBytes(track.Initial).SequenceEqual(MemoryMarshal.AsBytes(_current[0].AsSpan())))
        {
            throw new ArgumentException("track: it starts from other weights than member 0's.", nameof(track));
        }

        _replay = track;
    }

    private void CheckFreshFullBatch()
    {
        if (StepCount != 0 || _record is not null || _replay is not null)
        {
            throw new InvalidOperationException("A reference track is recorded or replayed from step 0, once.");
        }

        if (_order is not null)
        {
            throw new InvalidOperationException("Reference tracks are for full-batch training: a mini-batch order is drawn per trainer.");
        }
    }

    /// <summary>
    /// Advances every live member one gradient step with learning rate <paramref name="eta"/>. Afterwards
    /// <see cref="Losses"/>/<see cref="Accuracies"/> hold the metrics at the weights before the step (on the mini-batch
    /// the step used, for mini-batch SGD) and <see cref="MetricsStep"/> = StepCount - 1. Never throws for numerical reasons.
    /// A copy whose weights equal member 0's bit for bit before the step is not trained: one gradient step is a function
    /// of the weights and the batch alone, so its loss, accuracy, divergence and new weights are member 0's, which are
    /// copied, and it stays with member 0 from then on (<see cref="CoincidentMemberSteps"/>).
    /// </summary>
    public void Step(double eta)
    {
        var block = _trainBlock;
        if (_order is not null)
        {
            LoadNextBatch();
        }

        var t = StepCount;
        var count = (double)block.Count;
        var first = 0;
        var coincident = Members > 1 && _divergedStep[0] < 0 && FindCoincident();
        if (_replay is not null)
        {
            _replay.Read(t, out _losses[0], out _accuracies[0], out _divergedStep[0], _current[0]);
            first = 1;
        }

        for (var m = first; m < Members; m++)
        {
            if (_divergedStep[m] >= 0)
            {
                _losses[m] = double.NaN;
                _accuracies[m] = double.NaN;
                continue;
            }

            if (_coincident[m])
            {
                continue;
            }

            var w = _current[m];
            var loss = RunKernels(_shape, w, block, _act, _gradient, out var correct);
            _losses[m] = loss;
            _accuracies[m] = correct / count;
            if (!double.IsFinite(loss))
            {
                _divergedStep[m] = t;
                continue;
            }

            var next = _next[m];
            if (!Update(w, _gradient, eta, next))
            {
                _divergedStep[m] = t + 1;
                continue;
            }

            _next[m] = w;
            _current[m] = next;
        }

        if (coincident)
        {
            FollowMemberZero();
        }

        StepCount = t + 1;
        MetricsStep = t;
        _record?.Append(_losses[0], _accuracies[0], _divergedStep[0], _current[0]);
    }

    /// <summary>Marks the live copies that hold member 0's weights bit for bit now; true when any copy is marked.</summary>
    private bool FindCoincident()
    {
        var w0 = MemoryMarshal.AsBytes(_current[0].AsSpan());
        var any = false;
        for (var m = 1; m < Members; m++)
        {
            if (!_coincident[m] && _divergedStep[m] < 0)
            {
                _coincident[m] = MemoryMarshal.AsBytes(_current[m].AsSpan()).SequenceEqual(w0);
            }

            any |= _coincident[m] && _divergedStep[m] < 0;
        }

        return any;
    }

    /// <summary>The live coincident copies take member 0's step: its loss, accuracy, divergence and new weights.</summary>
    private void FollowMemberZero()
    {
        for (var m = 1; m < Members; m++)
        {
            if (_coincident[m] && _divergedStep[m] < 0)
            {
                _losses[m] = _losses[0];
                _accuracies[m] = _accuracies[0];
                _divergedStep[m] = _divergedStep[0];
                _current[0].AsSpan().CopyTo(_current[m]);
                CoincidentMemberSteps++;
            }
        }
    }

    /// <summary>
    /// Recomputes <see cref="Losses"/>/<see cref="Accuracies"/> at the current weights W(StepCount) over the whole training
    /// split (one forward pass per live member) and sets <see cref="MetricsStep"/> = StepCount. A member whose loss is
    /// non-finite here is marked diverged at StepCount.
    /// </summary>
    public void MeasureCurrent()
    {
        var block = EvalBlock(_train, out var act);
        for (var m = 0; m < Members; m++)
        {
            if (_divergedStep[m] >= 0)
            {
                _losses[m] = double.NaN;
                _accuracies[m] = double.NaN;
                continue;
            }

            var loss = RunKernels(_shape, _current[m], block, act, default, out var correct);
            _losses[m] = loss;
            _accuracies[m] = correct / (double)block.Count;
            if (!double.IsFinite(loss))
            {
                _divergedStep[m] = StepCount;
            }
        }

        MetricsStep = StepCount;
    }

    /// <summary>Mean loss and accuracy (0..1) of member <paramref name="member"/>'s current weights on <paramref name="split"/> (NaN, NaN for an empty split).</summary>
    public (double Loss, double Accuracy) Evaluate(int member, DataSplit split)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, Members);
        ArgumentNullException.ThrowIfNull(split);
        if (split.Count == 0)
        {
            return (double.NaN, double.NaN);
        }

        CheckSplit(Spec, split, nameof(split));
        var block = EvalBlock(split, out var act);
        var loss = RunKernels(_shape, _current[member], block, act, default, out var correct);
        return (loss, correct / (double)split.Count);
    }

    /// <summary>Loss gradient of member <paramref name="member"/>'s current weights over the whole training split into <paramref name="gradient"/>; returns the loss.</summary>
    public double Gradient(int member, Span<double> gradient)
    {
        if (gradient.Length != Spec.ParameterCount)
        {
            throw new ArgumentException($"gradient: expected length {Spec.ParameterCount}.", nameof(gradient));
        }

        var block = EvalBlock(_train, out var act);
        return RunKernels(_shape, _current[member], block, act, gradient, out _);
    }

    /// <summary>The 8-lane kernels where AVX-512 is available, else the 4-lane ones (same algorithm, lane-dependent summation order).</summary>
    private double RunKernels(MlpShape shape, ReadOnlySpan<double> w, SampleBlock block, MlpBuffers buffers, Span<double> gradient, out int correct) =>
        _vector512
            ? MlpKernels.Run(shape, w, block, buffers, gradient, out correct)
            : MlpKernels256.Run(shape, w, block, buffers, gradient, out correct);

    private SampleBlock EvalBlock(DataSplit split, out MlpBuffers act)
    {
        if (_order is null && ReferenceEquals(split, _train))
        {
            act = _act;
            return _trainBlock;
        }

        // A few whole splits (typically train and test) stay laid out, so alternating evaluations do not allocate.
        foreach (var (b, buffers) in _evalCache)
        {
            if (ReferenceEquals(b.Source, split))
            {
                act = buffers;
                return b;
            }
        }

        if (_evalCache.Count == 4)
        {
            _evalCache.RemoveAt(0);
        }

        var block = SampleBlock.FromSplit(split);
        act = MlpKernels.CreateBuffers(_shape, block.Capacity);
        _evalCache.Add((block, act));
        return block;
    }

    private void LoadNextBatch()
    {
        var order = _order!;
        var b = (int)(StepCount % _batchesPerEpoch);
        if (b == 0)
        {
            _shuffle!.Shuffle(order.AsSpan());
        }

        var size = Options.BatchSize;
        var start = b * size;
        _trainBlock.Load(_train, order, start, Math.Min(size, order.Length - start));
    }

    /// <summary>next = w - eta * g (separately rounded multiply and subtract); false when any result is non-finite.</summary>
    private static bool Update(double[] w, double[] g, double eta, double[] next)
    {
        var n = w.Length;
        var i = 0;
        var bad = Vector512<double>.Zero;
        var veta = Vector512.Create(eta);
        ref var wp = ref MemoryMarshal.GetArrayDataReference(w);
        ref var gp = ref MemoryMarshal.GetArrayDataReference(g);
        ref var np = ref MemoryMarshal.GetArrayDataReference(next);
        for (; i + 8 <= n; i += 8)
        {
            var v = Vector512.LoadUnsafe(ref wp, (nuint)i) - (veta * Vector512.LoadUnsafe(ref gp, (nuint)i));
            v.StoreUnsafe(ref np, (nuint)i);
            bad += v - v;
        }

        var ok = Vector512.EqualsAll(bad, Vector512<double>.Zero);
        for (; i < n; i++)
        {
            var v = w[i] - (eta * g[i]);
            next[i] = v;
            ok &= double.IsFinite(v);
        }

        return ok;
    }

    private static bool AllFinite(ReadOnlySpan<double> x)
    {
        foreach (var v in x)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckSplit(MlpSpec spec, DataSplit split, string name)
    {
        if (split.FeatureCount != spec.Inputs)
        {
            throw new ArgumentException($"{name}: {split.FeatureCount} features but the network has {spec.Inputs} inputs.", name);
        }

        if (split.ClassCount != spec.Outputs)
        {
            throw new ArgumentException($"{name}: {split.ClassCount} classes but the network has {spec.Outputs} outputs.", name);
        }
    }
}
