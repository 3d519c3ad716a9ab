using System.Runtime.CompilerServices;
using NetOrbit.Arrow;
using NetOrbit.Contracts;
using NetOrbit.Data;
using NetOrbit.Graph.Kernels;
using NetOrbit.Stages;

namespace NetOrbit.Graph;

/// <summary>
/// The <c>graph</c> stage's state for one run: per member, the initial network, the previous
/// metrics snapshot and the parameter path. Rows are emitted in the order snapshots arrive (step,
/// then member), so the output is deterministic.
/// </summary>
internal sealed class GraphStageRun : IStageRun
{
    private readonly GraphOptions _options;
    private readonly RunInfo _run;
    private readonly RunContext _context;
    private readonly ParameterLayout _layout;
    private readonly SnapshotAnalyzer _analyzer;
    private readonly MemberState?[] _members;
    private readonly byte[][] _names;
    private readonly bool[] _isWeight;
    private readonly int _every;
    private readonly int _pathEvery;
    private readonly int _grid;
    private int _initialMembers;
    private readonly RowBatchBuilder _metricsRows;
    private readonly RowBatchBuilder _layersRows;
    private readonly RowBatchBuilder _strengthsRows;

    public GraphStageRun(GraphOptions options, RunInfo run, RunContext context)
    {
        _options = options;
        _every = options.Every;
        _pathEvery = options.PathInterval;
        _grid = options.SnapshotInterval;
        _run = run;
        _context = context;
        _layout = run.Layout;
        _analyzer = new SnapshotAnalyzer(_layout);
        _members = new MemberState?[Math.Max(run.Members, 1)];
        _names = new byte[_layout.Count][];
        _isWeight = new bool[_layout.Count];
        for (var i = 0; i < _layout.Count; i++)
        {
            _names[i] = System.Text.Encoding.UTF8.GetBytes(ParameterName(_layout, i));
            _isWeight[i] = _layout.IsWeight(i);
        }

        // Room for every row the run will send (members x metrics snapshots), so that no column
        // grows and copies; bounded by the flush size for very long runs.
        var snapshots = (long)_members.Length * (Math.Max(run.Steps, 0) / options.Every + 1);
        // List values per snapshot: every matrix's singular values, and each strength column's
        // neurons (the in-strength columns cover layers 1.., the out-strength ones layers ..L-1).
        var singular = 0;
        for (var l = 0; l < _layout.LayerCount; l++)
        {
            var shape = _layout.Weights(l).Shape;
            singular += Math.Min(shape[0], shape[1]);
        }

        var sizes = _layout.LayerSizes;
        var neurons = Math.Max(sizes.Sum() - sizes[0], sizes.Sum() - sizes[^1]);
        _metricsRows = new RowBatchBuilder(GraphTables.MetricsTable, Capacity(snapshots), run.RunId);
        _layersRows = new RowBatchBuilder(GraphTables.LayersTable, Capacity(snapshots * _layout.LayerCount), run.RunId, options.SingularValues ? Values(snapshots, singular) : 0);
        _strengthsRows = new RowBatchBuilder(GraphTables.StrengthsTable, options.Strengths ? Capacity(snapshots * sizes.Count) : 0, run.RunId, options.Strengths ? Values(snapshots, neurons) : 0);
    }

    /// <summary>Room for the list values of <paramref name="snapshots"/> snapshots, bounded by the flush size.</summary>
    private static int Values(long snapshots, int perSnapshot) => (int)Math.Min(snapshots * perSnapshot, FlushValues + (long)perSnapshot);

    private static int Capacity(long rows) => (int)Math.Min(rows, FlushRows);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void OnSnapshots(SnapshotBatch batch, IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        if (batch.ParameterCount != _layout.Count)
        {
            throw new ArgumentException($"graph: run {_run.RunId} sent snapshots of {batch.ParameterCount} parameters; its layout has {_layout.Count}.", nameof(batch));
        }

        var (metrics, layers, strengths) = (_metricsRows, _layersRows, _strengthsRows);
        for (var row = 0; row < batch.Length; row++)
        {
            // Batches carry every snapshot the pipeline records (every step when recording every
            // step): a row off this stage's grid (gcd of every and path_every) only matters as a
            // member's first snapshot, so once every member has one, a division settles it.
            var step = batch.Step(row);
            var onGrid = step % _grid == 0;
            if (!onGrid && _initialMembers == _members.Length)
            {
                continue;
            }

            var member = batch.Member(row);
            var state = Member(member);
            if (!onGrid && state.Initial is not null)
            {
                continue;
            }

            var onPath = step % _pathEvery == 0;
            var onMetrics = step % _every == 0;
            var w = batch.Weights(row);
            if (state.Initial is null)
            {
                state.Initial = w.ToArray();
                _initialMembers++;
            }

            if (onPath)
            {
                state.Path.Add(w);
            }

            if (onMetrics)
            {
                _analyzer.Analyze(w, state.Initial, state.HasPrevious ? state.Previous : []);
                w.CopyTo(state.Previous);
                state.HasPrevious = true;
                WriteMetrics(metrics, member, step);
                WriteLayers(layers, member, step);
                if (_options.Strengths)
                {
                    WriteStrengths(strengths, member, step);
                }
            }
        }

        // Rows collect across calls: one record batch per table per run (or per FlushRows rows or
        // FlushValues list values)
        // instead of a few rows per snapshot batch, whose fixed cost outweighed the metrics.
        // The pipeline holds a run's output until the run completes anyway.
        if (metrics.Count + layers.Count + strengths.Count >= FlushRows
            || layers.ListValues >= FlushValues || strengths.ListValues >= FlushValues)
        {
            Flush(output);
        }
    }

    /// <summary>Rows (over the three per-snapshot tables) after which they are emitted before the run ends.</summary>
    private const int FlushRows = 65_536;

    /// <summary>List values (in the fullest list column of a table) after which rows are emitted before the run ends.</summary>
    private const int FlushValues = 1 << 20;

    private void Flush(IStageOutput output)
    {
        _metricsRows.AppendTo(output);
        _layersRows.AppendTo(output);
        _strengthsRows.AppendTo(output);
    }

    public void OnCompleted(RunResult result, IStageOutput output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        Flush(output);
        var members = Math.Min(result.InitialWeights.Length, result.FinalWeights.Length);
        var ablated = _options.Ablation switch
        {
            GraphMemberSelection.All => members,
            GraphMemberSelection.Reference => Math.Min(members, 1),
            _ => 0,
        };
        var weights = new RowBatchBuilder(GraphTables.WeightsTable, members * _layout.Count, _run.RunId);
        var ablation = new RowBatchBuilder(GraphTables.AblationTable, ablated == 0 ? 0 : ablated * _layout.Weights(_options.AblationLayer).Length, _run.RunId);
        var misclassified = new RowBatchBuilder(GraphTables.MisclassifiedTable, 0, _run.RunId);
        for (var member = 0; member < members; member++)
        {
            var initial = result.InitialWeights[member];
            var final = result.FinalWeights[member];

            // A failed run may report no weights for a member; it then has no per-trajectory rows.
            if (initial.Length != _layout.Count || final.Length != _layout.Count)
            {
                continue;
            }

            WriteWeights(weights, member, initial, final);
            if (Selected(_options.Ablation, member))
            {
                WriteAblation(ablation, member, final);
            }

            if (Selected(_options.Misclassified, member))
            {
                WriteMisclassified(misclassified, member, final, "train"u8, _context.Dataset.Train);
                WriteMisclassified(misclassified, member, final, "test"u8, _context.Dataset.Test);
            }
        }

        weights.AppendTo(output);
        ablation.AppendTo(output);
        misclassified.AppendTo(output);
    }

    /// <summary>Name of parameter <paramref name="index"/>: <c>W1[i,j]</c> (0-based source row i, target column j) or <c>b1[j]</c>.</summary>
    internal static string ParameterName(ParameterLayout layout, int index)
    {
        foreach (var b in layout.Blocks)
        {
            var k = index - b.Offset;
            if (k >= 0 && k < b.Length)
            {
                // Concatenation rather than interpolation: no generic formatting code to compile.
                var culture = System.Globalization.CultureInfo.InvariantCulture;
                return b.IsWeight
                    ? string.Concat(b.Name, "[", (k / b.Shape[1]).ToString(culture), ",", (k % b.Shape[1]).ToString(culture), "]")
                    : string.Concat(b.Name, "[", k.ToString(culture), "]");
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    private static bool Selected(GraphMemberSelection selection, int member) =>
        selection == GraphMemberSelection.All || (selection == GraphMemberSelection.Reference && member == 0);

    private MemberState Member(int member)
    {
        if (member < 0 || member >= _members.Length)
        {
            throw new ArgumentException($"graph: run {_run.RunId} sent member {member}; it has {_members.Length} members.");
        }

        return _members[member] ??= new MemberState(_layout.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteMetrics(RowBatchBuilder rows, int member, long step)
    {
        var a = _analyzer;
        var output = a.Layers[^1];
        rows.Int(member).Long(step)
            .Real(a.L1).Real(a.L2)
            .Real(a.L1ToInitial).Real(a.L2ToInitial)
            .Real(a.L1ToPrevious).Real(a.L2ToPrevious)
            .Int(a.SignChanges)
            .Real(output.Frobenius).Real(output.SpectralNorm)
            .Real(a.SpectralRadius)
            .EndRow();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteLayers(RowBatchBuilder rows, int member, long step)
    {
        for (var l = 0; l < _analyzer.Layers.Length; l++)
        {
            var m = _analyzer.Layers[l];
            rows.Int(member).Long(step)
                .Int(l).Int(m.FanIn).Int(m.FanOut)
                .Real(m.Frobenius).Real(m.SpectralNorm).Real(m.StableRank);
            if (_options.SingularValues)
            {
                rows.Reals(m.SingularValues);
            }
            else
            {
                rows.NullReals();
            }

            rows.Real(m.Moments.Mean).Real(m.Moments.Std).Real(m.Moments.Skewness).Real(m.Moments.Kurtosis)
                .Real(m.OutStrength.Mean).Real(m.OutStrength.Std).Real(m.OutStrength.Gini).Real(m.OutStrength.Max)
                .Real(m.InStrength.Mean).Real(m.InStrength.Std).Real(m.InStrength.Gini).Real(m.InStrength.Max)
                .EndRow();
        }
    }

    private void WriteStrengths(RowBatchBuilder rows, int member, long step)
    {
        // One row per neuron layer, its neurons' strengths as lists: the analyzer's vectors as they
        // are. Inputs have no in-strength, outputs no out-strength (null lists).
        var a = _analyzer;
        var last = _layout.LayerSizes.Count - 1;
        for (var k = 0; k <= last; k++)
        {
            rows.Int(member).Long(step).Int(k).Int(_layout.LayerSizes[k]);
            if (k > 0)
            {
                rows.Reals(a.InStrength[k]).Reals(a.InSigned[k]);
            }
            else
            {
                rows.NullReals().NullReals();
            }

            if (k < last)
            {
                rows.Reals(a.OutStrength[k]).Reals(a.OutSigned[k]);
            }
            else
            {
                rows.NullReals().NullReals();
            }

            rows.EndRow();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteWeights(RowBatchBuilder rows, int member, double[] initial, double[] final)
    {
        var state = _members[member];
        var path = state?.Path;
        if (path is null || path.Points == 0)
        {
            path = new ParameterPath(_layout.Count);
            path.Add(initial);
        }

        // Close the path at the final network when the sampled grid stopped short of it.
        if (!path.Last.SequenceEqual(final))
        {
            path.Add(final);
        }

        var displacement = new double[_layout.Count];
        ParameterPath.Displacement(initial, final, displacement);
        for (var i = 0; i < _layout.Count; i++)
        {
            rows.Int(member)
                .Int(i).Utf8(_names[i]).Bool(_isWeight[i])
                .Real(initial[i]).Real(final[i])
                .Real(displacement[i]).Real(path.Length[i]).Real(path.Max[i] - path.Min[i])
                .Int(path.Points)
                .EndRow();
        }
    }

    private void WriteAblation(RowBatchBuilder rows, int member, double[] final)
    {
        var block = _layout.Weights(_options.AblationLayer);
        var ablated = new double[block.Length];
        var baseline = _context.Model.AblationLosses(final, _context.Dataset.Train, _options.AblationLayer, ablated);
        var cols = block.Shape[1];
        for (var k = 0; k < block.Length; k++)
        {
            var index = block.Offset + k;
            rows.Int(member)
                .Int(_options.AblationLayer).Int(index).Utf8(_names[index]).Int(k / cols).Int(k % cols)
                .Real(final[index]).Real(baseline).Real(ablated[k]).Real(ablated[k] / baseline)
                .EndRow();
        }
    }

    private void WriteMisclassified(RowBatchBuilder rows, int member, double[] final, ReadOnlySpan<byte> name, DataSplit split)
    {
        var predicted = new int[split.Count];
        foreach (var i in Misclassification.Find(_context.Model, final, split, predicted))
        {
            rows.Int(member)
                .Utf8(name).Int(split.SourceRows[i]).Int(i)
                .Int(split.Labels[i]).Int(predicted[i])
                .EndRow();
        }
    }

    private sealed class MemberState(int count)
    {
        public double[]? Initial { get; set; }

        public double[] Previous { get; } = new double[count];

        public bool HasPrevious { get; set; }

        public ParameterPath Path { get; } = new(count);
    }
}
