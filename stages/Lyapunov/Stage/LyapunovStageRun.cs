using NetOrbit.Contracts;
using NetOrbit.Randomness;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>Per-run state of the Lyapunov stage. Called from one thread at a time, steps ascending.</summary>
internal sealed class LyapunovStageRun : IStageRun
{
    /// <summary>Distance rows per record batch of <c>lyapunov/distances</c> at most.</summary>
    internal const int DistanceRowsPerBatch = 65_536;

    private readonly LyapunovExperiment _experiment;
    private readonly LyapunovOptions _o;
    private readonly RunInfo _run;
    private readonly int _p;
    private readonly double[] _distanceSum;
    private readonly int[] _distanceCount;
    private readonly double[] _reference;
    private readonly GradientDescentMap? _map;
    private readonly bool[] _distanceSeen;
    private long _referenceStep = -1;
    private long _lastDistanceStep = -1;
    private bool _gap;
    private readonly List<double>? _loss;
    private BenettinTracker? _benettin;
    private readonly LyapunovSpectrumTracker? _spectrum;
    private long _spectrumEmitted;
    private double[]? _postLearningStart;
    private readonly List<int> _dMember = [];
    private readonly List<long> _dStep = [];
    private readonly List<double> _dValue = [];
    private long _postLearningStep = -1;

    public LyapunovStageRun(LyapunovOptions options, LyapunovExperiment experiment, RunInfo run, RunContext context)
    {
        _experiment = experiment;
        _o = options;
        _run = run;
        _p = run.Layout.Count;
        // m(t) is only needed as far as the window grid and Eq. 4 reach, not for the whole run.
        var fitSpan = Math.Max(_o.Window.Span, _o.Tau + 1);
        _distanceSum = new double[Math.Min(run.Steps + 1, fitSpan)];
        _distanceCount = new int[_distanceSum.Length];
        _distanceSeen = new bool[_distanceSum.Length];
        _reference = new double[_p];
        if (_o.NeedsModel)
        {
            _map = new GradientDescentMap(context.Model, context.Dataset.Train, run.Eta);
        }

        if (_o.Loss.Enabled)
        {
            _loss = [];
        }

        if (_o.Spectrum.Enabled && _map is not null)
        {
            var k = Math.Min(_o.Spectrum.Exponents, _p);
            _spectrum = new LyapunovSpectrumTracker(_map, k, _o.Spectrum.QrEvery, SeedMixer.Mix(_o.Spectrum.Seed, run.PerturbationSeed, 2));
        }
    }

    public void OnMemberDistances(MemberDistanceBatch batch, IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        var l1 = _o.Norm == DistanceNorm.L1;
        for (var i = 0; i < batch.Length; i++)
        {
            var step = batch.Step(i);
            if (step > _run.Steps || step <= _lastDistanceStep)
            {
                continue;
            }

            _lastDistanceStep = step;
            var record = step % _o.RecordEvery == 0;
            var fitted = step < _distanceSum.Length;
            if (fitted)
            {
                _distanceSeen[step] = true;
            }

            for (var member = 1; member < batch.Members; member++)
            {
                var d = l1 ? batch.L1(i, member) : batch.L2(i, member);
                if (double.IsNaN(d))
                {
                    continue; // the copy has diverged (or was not recorded): no distance for this step
                }

                if (fitted)
                {
                    _distanceSum[step] += d;
                    _distanceCount[step]++;
                }

                if (record)
                {
                    _dMember.Add(member);
                    _dStep.Add(step);
                    _dValue.Add(d);
                }
            }
        }

        if (_dValue.Count >= DistanceRowsPerBatch)
        {
            FlushDistances(output);
        }
    }

    /// <summary>Emits the distance rows held so far as one record batch (rows are written once the run is done anyway).</summary>
    private void FlushDistances(IStageOutput output)
    {
        if (_dValue.Count == 0)
        {
            return;
        }

        output.Append(LyapunovTables.Distances, LyapunovTables.Build(
            LyapunovTables.DistancesTable, _dValue.Count, LyapunovTables.RepeatString(_run.RunId, _dValue.Count),
            LyapunovTables.Ints(_dMember), LyapunovTables.Longs(_dStep), LyapunovTables.Doubles(_dValue)));
        _dMember.Clear();
        _dStep.Clear();
        _dValue.Clear();
    }

    public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
    {
        // Only the reference's snapshots matter here (model-based trackers, loss series); the
        // distances to the copies arrive through OnMemberDistances.
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        var benettin = new Rows();
        var spectrum = new Rows();
        var sharpness = new Rows();
        for (var row = 0; row < batch.Length; row++)
        {
            if (batch.Member(row) != 0)
            {
                continue;
            }

            var step = batch.Step(row);
            // Sparsely recorded trajectories (analyze on files recorded every k steps): the
            // step-by-step trackers stop.
            _gap |= step != _referenceStep + 1;
            batch.Weights(row).CopyTo(_reference);
            _referenceStep = step;
            _loss?.Add(batch.Loss(row));
            OnReference(step, benettin, spectrum, sharpness);
        }

        if (benettin.Count > 0)
        {
            output.Append(LyapunovTables.Benettin, LyapunovTables.Build(
                LyapunovTables.BenettinTable, benettin.Count, LyapunovTables.RepeatString(_run.RunId, benettin.Count),
                LyapunovTables.Longs(benettin.Step), LyapunovTables.Doubles(benettin.A), LyapunovTables.Doubles(benettin.B)));
        }

        if (spectrum.Count > 0)
        {
            output.Append(LyapunovTables.Spectrum, LyapunovTables.Build(
                LyapunovTables.SpectrumTable, spectrum.Count, LyapunovTables.RepeatString(_run.RunId, spectrum.Count),
                LyapunovTables.Longs(spectrum.Step), LyapunovTables.Ints(spectrum.I), LyapunovTables.Doubles(spectrum.A), LyapunovTables.Doubles(spectrum.B)));
        }

        if (sharpness.Count > 0)
        {
            output.Append(LyapunovTables.Sharpness, LyapunovTables.Build(
                LyapunovTables.SharpnessTable, sharpness.Count, LyapunovTables.RepeatString(_run.RunId, sharpness.Count),
                LyapunovTables.Longs(sharpness.Step), LyapunovTables.Doubles(sharpness.A), LyapunovTables.Doubles(sharpness.B),
                LyapunovTables.Doubles(sharpness.C), LyapunovTables.Ints(sharpness.I), LyapunovTables.Bools(sharpness.Flag)));
        }
    }

    public void OnCompleted(RunResult result, IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        FlushDistances(output);
        if (_run.Members > 1)
        {
            EmitExponent(result, output);
        }

        if (_o.PostLearning.Enabled && _map is not null)
        {
            RunPostLearning(output);
        }

        if (_loss is not null)
        {
            EmitLossAnalyses(output);
        }
    }

    private void EmitLossAnalyses(IStageOutput output)
    {
        var o = _o.Loss;
        var series = _loss!.ToArray();
        var kantzOptions = new LossKantzOptions { Tolerance = o.Tolerance, ReferencePoints = o.References, Seed = SeedMixer.Mix(o.Seed, _run.PerturbationSeed, 5) };
        LossKantzResult? kantz = null;
        string status;
        if (series.Length < kantzOptions.MaxSteps + 3)
        {
            status = "too_short";
        }
        else if (!Array.TrueForAll(series, double.IsFinite))
        {
            status = "non_finite";
        }
        else
        {
            kantz = LossKantzAnalysis.Analyze(series, kantzOptions);
            status = kantz.Pairs == 0 ? "no_neighbours" : "ok";
        }

        output.Append(LyapunovTables.LossKantz, LyapunovTables.Build(
            LyapunovTables.LossKantzTable,
            1,
            LyapunovTables.RepeatString(_run.RunId, 1),
            LyapunovTables.Doubles([_run.Eta]),
            LyapunovTables.Ints([series.Length]),
            LyapunovTables.Doubles([kantz?.Lambda ?? double.NaN]),
            LyapunovTables.Doubles([kantz?.R2 ?? double.NaN]),
            LyapunovTables.Ints([kantz?.WindowEnd ?? -1]),
            LyapunovTables.Doubles([kantz?.PValue ?? double.NaN]),
            LyapunovTables.Bools([kantz?.Significant ?? false]),
            LyapunovTables.Ints([kantz?.References ?? 0]),
            LyapunovTables.Longs([kantz?.Pairs ?? 0]),
            LyapunovTables.DoubleLists([kantz?.MeanDivergence ?? []]),
            LyapunovTables.RepeatString(status, 1)));

        if (series.Length > o.MaxLag && Array.TrueForAll(series, double.IsFinite))
        {
            var acf = Autocorrelation.WithShuffleBand(series, o.MaxLag, o.Shuffles, 3, 97, SeedMixer.Mix(o.Seed, _run.PerturbationSeed, 6));
            var lags = Enumerable.Range(0, acf.Acf.Length).ToList();
            output.Append(LyapunovTables.LossAcf, LyapunovTables.Build(
                LyapunovTables.LossAcfTable,
                lags.Count,
                LyapunovTables.RepeatString(_run.RunId, lags.Count),
                LyapunovTables.Ints(lags),
                LyapunovTables.Doubles([.. acf.Acf]),
                LyapunovTables.Doubles([.. acf.Lower]),
                LyapunovTables.Doubles([.. acf.Upper])));
        }
    }

    private void OnReference(long step, Rows benettin, Rows spectrum, Rows sharpness)
    {
        if (_o.Benettin.Enabled && _map is not null && !_gap)
        {
            if (step == 0)
            {
                var direction = BenettinEstimator.RandomDirection(_p, SeedMixer.Mix(_o.Benettin.Seed, _run.PerturbationSeed, 1));
                _benettin = new BenettinTracker(_map, _reference, direction, _o.Benettin.D0, _o.Benettin.RenormalizeEvery, _o.Norm);
            }
            else if (_benettin?.Advance(_reference) is { } point)
            {
                benettin.Add(point.Step, point.Stretch, point.Estimate);
            }
        }

        if (_spectrum is not null && !_gap && step < _run.Steps && _spectrum.IsFinite)
        {
            _spectrum.Advance(_reference);
            var measured = _spectrum.MeasuredSteps;
            if (measured > _spectrumEmitted && (measured % _o.Spectrum.RecordEvery == 0 || step + 1 == _run.Steps))
            {
                _spectrumEmitted = measured;
                var e = _spectrum.Exponents();
                var ky = LyapunovSpectrumTracker.KaplanYorke(e);
                for (var i = 0; i < e.Length; i++)
                {
                    spectrum.Add(measured, e[i], ky, index: i);
                }
            }
        }

        if (_o.Sharpness.Enabled && _map is not null && (step % _o.Sharpness.Every == 0 || step == _run.Steps))
        {
            var w = _reference;
            var map = _map;
            var r = SharpnessEstimator.Estimate(
                (v, o) => map.Hessian(w, v, o), _p, _o.Sharpness.Iterations, _o.Sharpness.Tolerance, SeedMixer.Mix(_o.Sharpness.Seed, _run.PerturbationSeed, 3));
            sharpness.Add(step, r.Sharpness, r.Sharpness * _run.Eta / 2, r.MinEigenvalue, r.Iterations, r.Converged);
        }

        if (_o.PostLearning.Enabled && (step == _o.PostLearning.StartStep || (_o.PostLearning.StartStep == -1 && step == _run.Steps)))
        {
            _postLearningStart = (double[])_reference.Clone();
            _postLearningStep = step;
        }
    }

    private void EmitExponent(RunResult result, IStageOutput output)
    {
        // m(t) over the steps where every copy was present, up to the first divergence; NaN marks a
        // step without a snapshot.
        var copies = _run.Members - 1;
        var end = (int)Math.Min(_distanceCount.Length, _lastDistanceStep + 1);
        var truncated = false;
        var m = new List<double>(end);
        for (var t = 0; t < end; t++)
        {
            if (!_distanceSeen[t])
            {
                m.Add(double.NaN);
            }
            else if (_distanceCount[t] == copies)
            {
                m.Add(_distanceSum[t] / copies);
            }
            else
            {
                truncated = true;
                break;
            }
        }

        var fit = WindowFitEstimator.Fit(m.ToArray(), _o.Window);
        var eq4 = WindowFitEstimator.Eq4(m.ToArray(), _o.Tau);
        string status;
        if (result.Status == RunStatus.Failed)
        {
            status = "failed";
        }
        else if (truncated || result.FirstDivergedStep is >= 0 && result.FirstDivergedStep < _distanceCount.Length)
        {
            status = "diverged";
        }
        else if (fit.WindowStart < 0)
        {
            status = "no_window";
        }
        else
        {
            status = "ok";
        }

        var kept = fit.Kept && status == "ok";
        _experiment.Report(new LyapunovStage.RunExponent(_run.Index, _run.Dataset, _run.Architecture, _run.Eta, _run.Epsilon, fit.Lambda, kept));
        output.Append(LyapunovTables.Exponents, LyapunovTables.Build(
            LyapunovTables.ExponentsTable,
            1,
            LyapunovTables.RepeatString(_run.RunId, 1),
            LyapunovTables.Doubles([_run.Eta]),
            LyapunovTables.Doubles([_run.Epsilon]),
            LyapunovTables.Ints([_run.Members]),
            LyapunovTables.Doubles([fit.Lambda]),
            LyapunovTables.Doubles([fit.R2]),
            LyapunovTables.Ints([fit.WindowStart]),
            LyapunovTables.Ints([fit.WindowLength]),
            LyapunovTables.Bools([kept]),
            LyapunovTables.Ints([_o.Tau]),
            LyapunovTables.Doubles([eq4]),
            LyapunovTables.RepeatString(status, 1)));
    }

    private void RunPostLearning(IStageOutput output)
    {
        if (_postLearningStart is null || _map is null)
        {
            return; // t0 was never reached (run shorter, or the reference diverged before it)
        }

        var o = _o.PostLearning;
        var rng = new SeededRandom(SeedMixer.Mix(o.Seed, _run.PerturbationSeed, 4));
        var states = new double[o.Members + 1][];
        states[0] = (double[])_postLearningStart.Clone();
        for (var j = 1; j <= o.Members; j++)
        {
            var s = (double[])_postLearningStart.Clone();
            foreach (var block in _run.Layout.Blocks.Where(b => b.IsWeight))
            {
                for (var i = block.Offset; i < block.Offset + block.Length; i++)
                {
                    s[i] += o.Epsilon * (2 * rng.NextDouble() - 1);
                }
            }

            states[j] = s;
        }

        var next = new double[_p];
        var rows = new Rows();
        var alive = Enumerable.Repeat(true, o.Members + 1).ToArray();
        for (var s = 0; s <= o.Steps; s++)
        {
            if (s > 0)
            {
                for (var j = 0; j <= o.Members; j++)
                {
                    if (!alive[j])
                    {
                        continue;
                    }

                    _map.Step(states[j], next);
                    next.CopyTo(states[j], 0);
                    alive[j] = Array.TrueForAll(states[j], double.IsFinite);
                }
            }

            if (!alive[0])
            {
                break;
            }

            if (s % o.RecordEvery == 0 || s == o.Steps)
            {
                for (var j = 1; j <= o.Members; j++)
                {
                    if (alive[j])
                    {
                        rows.Add(_postLearningStep + s, WeightDistance.Compute(states[j], states[0], _o.Norm), 0, index: j);
                    }
                }
            }

            if (rows.Count >= 65_536 || (s == o.Steps && rows.Count > 0))
            {
                output.Append(LyapunovTables.PostLearning, LyapunovTables.Build(
                    LyapunovTables.PostLearningTable, rows.Count, LyapunovTables.RepeatString(_run.RunId, rows.Count),
                    LyapunovTables.Ints(rows.I), LyapunovTables.Longs(rows.Step), LyapunovTables.Doubles(rows.A)));
                rows = new Rows();
            }
        }

        if (rows.Count > 0)
        {
            output.Append(LyapunovTables.PostLearning, LyapunovTables.Build(
                LyapunovTables.PostLearningTable, rows.Count, LyapunovTables.RepeatString(_run.RunId, rows.Count),
                LyapunovTables.Ints(rows.I), LyapunovTables.Longs(rows.Step), LyapunovTables.Doubles(rows.A)));
        }
    }

    /// <summary>Column buffers for the small per-step tables.</summary>
    private sealed class Rows
    {
        public List<long> Step { get; } = [];

        public List<double> A { get; } = [];

        public List<double> B { get; } = [];

        public List<double> C { get; } = [];

        public List<int> I { get; } = [];

        public List<bool> Flag { get; } = [];

        public int Count => Step.Count;

        public void Add(long step, double a, double b, int index = 0)
        {
            Step.Add(step);
            A.Add(a);
            B.Add(b);
            I.Add(index);
        }

        public void Add(long step, double a, double b, double c, int index, bool flag)
        {
            Add(step, a, b, index);
            C.Add(c);
            Flag.Add(flag);
        }
    }
}
