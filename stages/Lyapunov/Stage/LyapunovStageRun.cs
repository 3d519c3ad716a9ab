using NetOrbit.Arrow;
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
    private readonly RowBatchBuilder _distances;
    private readonly RowBatchBuilder _benettinRows;
    private readonly RowBatchBuilder _spectrumRows;
    private readonly RowBatchBuilder _sharpnessRows;
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
        _distances = LyapunovTables.DistancesTable.Rows(runId: run.RunId);
        _benettinRows = LyapunovTables.BenettinTable.Rows(runId: run.RunId);
        _spectrumRows = LyapunovTables.SpectrumTable.Rows(runId: run.RunId);
        _sharpnessRows = LyapunovTables.SharpnessTable.Rows(runId: run.RunId);
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
                    _distances.Int(member).Long(step).Real(d).EndRow();
                }
            }
        }

        if (_distances.Count >= DistanceRowsPerBatch)
        {
            FlushDistances(output);
        }
    }

    /// <summary>Emits the distance rows held so far as one record batch (rows are written once the run is done anyway).</summary>
    private void FlushDistances(IStageOutput output) => _distances.AppendTo(output);

    public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
    {
        // Only the reference's snapshots matter here (model-based trackers, loss series); the
        // distances to the copies arrive through OnMemberDistances.
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
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
            OnReference(step);
        }

        // One batch per snapshot batch and table, as rows came.
        _benettinRows.AppendTo(output);
        _spectrumRows.AppendTo(output);
        _sharpnessRows.AppendTo(output);
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

        var kantzRow = LyapunovTables.LossKantzTable.Rows(1, _run.RunId);
        kantzRow.Real(_run.Eta).Int(series.Length)
            .Real(kantz?.Lambda ?? double.NaN).Real(kantz?.R2 ?? double.NaN).Int(kantz?.WindowEnd ?? -1)
            .Real(kantz?.PValue ?? double.NaN).Bool(kantz?.Significant ?? false)
            .Int(kantz?.References ?? 0).Long(kantz?.Pairs ?? 0)
            .Reals(kantz?.MeanDivergence ?? []).Text(status)
            .EndRow();
        kantzRow.AppendTo(output);

        if (series.Length > o.MaxLag && Array.TrueForAll(series, double.IsFinite))
        {
            var acf = Autocorrelation.WithShuffleBand(series, o.MaxLag, o.Shuffles, 3, 97, SeedMixer.Mix(o.Seed, _run.PerturbationSeed, 6));
            var rows = LyapunovTables.LossAcfTable.Rows(acf.Acf.Length, _run.RunId);
            for (var lag = 0; lag < acf.Acf.Length; lag++)
            {
                rows.Int(lag).Real(acf.Acf[lag]).Real(acf.Lower[lag]).Real(acf.Upper[lag]).EndRow();
            }

            rows.AppendTo(output);
        }
    }

    private void OnReference(long step)
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
                _benettinRows.Long(point.Step).Real(point.Stretch).Real(point.Estimate).EndRow();
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
                    _spectrumRows.Long(measured).Int(i).Real(e[i]).Real(ky).EndRow();
                }
            }
        }

        if (_o.Sharpness.Enabled && _map is not null && (step % _o.Sharpness.Every == 0 || step == _run.Steps))
        {
            var w = _reference;
            var map = _map;
            var r = SharpnessEstimator.Estimate(
                (v, o) => map.Hessian(w, v, o), _p, _o.Sharpness.Iterations, _o.Sharpness.Tolerance, SeedMixer.Mix(_o.Sharpness.Seed, _run.PerturbationSeed, 3));
            _sharpnessRows.Long(step).Real(r.Sharpness).Real(r.Sharpness * _run.Eta / 2).Real(r.MinEigenvalue).Int(r.Iterations).Bool(r.Converged).EndRow();
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
        var row = LyapunovTables.ExponentsTable.Rows(1, _run.RunId);
        row.Real(_run.Eta).Real(_run.Epsilon).Int(_run.Members).Real(fit.Lambda).Real(fit.R2)
            .Int(fit.WindowStart).Int(fit.WindowLength).Bool(kept).Int(_o.Tau).Real(eq4).Text(status)
            .EndRow();
        row.AppendTo(output);
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
        var rows = LyapunovTables.PostLearningTable.Rows(runId: _run.RunId);
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
                        rows.Int(j).Long(_postLearningStep + s).Real(WeightDistance.Compute(states[j], states[0], _o.Norm)).EndRow();
                    }
                }
            }

            if (rows.Count >= 65_536 || s == o.Steps)
            {
                rows.AppendTo(output);
            }
        }

        rows.AppendTo(output);
    }
}
