using NetOrbit.Training;

namespace NetOrbit.Cli.Bench;

/// <summary>A named benchmark workload: architecture, synthetic data shape and ensemble size.</summary>
/// <param name="Name">Workload name, e.g. <c>iris-4-10-3</c>.</param>
/// <param name="Spec">The network.</param>
/// <param name="Samples">Training rows (full-batch gradient descent over all of them).</param>
/// <param name="Members">Networks per ensemble trained in lock-step.</param>
/// <param name="Eta">Learning rate (small enough that nothing saturates or diverges).</param>
internal sealed record TrainerWorkload(string Name, MlpSpec Spec, int Samples, int Members, double Eta)
{
    /// <summary>
    /// Floating-point operations of one network-step (one full-batch forward and backward pass and update of one
    /// network), counting a multiply-add as 2: 2 N (2 sum_l fanin_l fanout_l + sum_{l&gt;=2} fanin_l fanout_l).
    /// Forward products, weight-gradient products and the delta back-propagation through layers 2..L. Exponentials,
    /// divisions and the O(P) update are not counted. Iris 4-10-3 over 120 rows: 40,800.
    /// </summary>
    public double FlopsPerNetworkStep
    {
        get
        {
            var s = Spec.LayerSizes;
            double all = 0, back = 0;
            for (var l = 0; l + 1 < s.Count; l++)
            {
                all += (double)s[l] * s[l + 1];
                if (l > 0)
                {
                    back += (double)s[l] * s[l + 1];
                }
            }

            return 2.0 * Samples * (2 * all + back);
        }
    }

    /// <summary>Exponentials per network-step: one per hidden unit (sigmoid) and one per output, per row.</summary>
    public double ExponentialsPerNetworkStep => (double)Samples * (Spec.LayerSizes.Skip(1).Sum());
}
