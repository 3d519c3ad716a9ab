using NetOrbit.Contracts;
using NetOrbit.Randomness;
using NetOrbit.Stages;

namespace NetOrbit.Lyapunov;

/// <summary>
/// The paper's analyses of the reference's loss series for one run, when the run ends: the
/// Kantz-type exponent (<c>lyapunov/loss_kantz</c>) and the autocorrelation with its shuffle band
/// (<c>lyapunov/loss_acf</c>), and its periodic plateaus (<c>lyapunov/loss_plateaus</c>).
/// </summary>
internal sealed class LossAnalysisRun(LyapunovOptions options, RunInfo run) : IReferenceEstimator
{
    private readonly List<double> _loss = [];

    public void OnReference(long step, double[] reference, double loss, bool gap) => _loss.Add(loss);

    public void Flush(IStageOutput output)
    {
    }

    public void OnCompleted(RunResult result, IStageOutput output)
    {
        var o = options.Loss;
        var series = _loss.ToArray();
        var kantzOptions = new LossKantzOptions { Tolerance = o.Tolerance, ReferencePoints = o.References, Seed = SeedMixer.Mix(o.Seed, run.PerturbationSeed, 5) };
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

        var kantzRow = LyapunovTables.LossKantzTable.Rows(1, run.RunId);
        kantzRow.Real(run.Eta).Int(series.Length)
            .Real(kantz?.Lambda ?? double.NaN).Real(kantz?.R2 ?? double.NaN).Int(kantz?.WindowEnd ?? -1)
            .Real(kantz?.PValue ?? double.NaN).Bool(kantz?.Significant ?? false)
            .Int(kantz?.References ?? 0).Long(kantz?.Pairs ?? 0)
            .Reals(kantz?.MeanDivergence ?? []).Text(status)
            .EndRow();
        kantzRow.AppendTo(output);

        var plateaus = LossPlateaus.Find(series, o.PlateauPeriod, o.PlateauTolerance, Math.Max(o.PlateauMinLength, o.PlateauPeriod + 1));
        var plateauRow = LyapunovTables.LossPlateausTable.Rows(1, run.RunId);
        plateauRow.Real(run.Eta).Int(series.Length).Int(plateaus.Period).Int(plateaus.Segments).Int(plateaus.Steps)
            .Real(plateaus.Fraction).Int(plateaus.Longest).Real(plateaus.MedianLoss).EndRow();
        plateauRow.AppendTo(output);

        if (series.Length > o.MaxLag && Array.TrueForAll(series, double.IsFinite))
        {
            var acf = Autocorrelation.WithShuffleBand(series, o.MaxLag, o.Shuffles, 3, 97, SeedMixer.Mix(o.Seed, run.PerturbationSeed, 6));
            var rows = LyapunovTables.LossAcfTable.Rows(acf.Acf.Length, run.RunId);
            for (var lag = 0; lag < acf.Acf.Length; lag++)
            {
                rows.Int(lag).Real(acf.Acf[lag]).Real(acf.Lower[lag]).Real(acf.Upper[lag]).EndRow();
            }

            rows.AppendTo(output);
        }
    }
}
