using System.Collections;
using System.Globalization;
using NetOrbit.Pipeline;

namespace NetOrbit.Cli.Commands;

/// <summary>
/// The value of <c>--shard</c>: <c>I/N</c>; <c>auto</c>, the Slurm array task
/// (<c>SLURM_ARRAY_TASK_ID</c> minus <c>SLURM_ARRAY_TASK_MIN</c> of <c>SLURM_ARRAY_TASK_COUNT</c>); or
/// <c>auto/N</c>, the Slurm array task or the Kubernetes Indexed Job pod (<c>JOB_COMPLETION_INDEX</c>) of N.
/// </summary>
internal static class ShardOption
{
    public const string Help = "Train only shard I of N of the grid (0-based, e.g. 2/8); 'auto' takes it from a Slurm array task (SLURM_ARRAY_TASK_ID, _MIN, _COUNT), 'auto/N' from a Slurm array task or a Kubernetes Indexed Job pod (JOB_COMPLETION_INDEX) of N. Merge the shards with 'netorbit merge'.";

    /// <summary>Resolves <paramref name="spec"/> against <paramref name="environment"/>; null and a one-line problem when it cannot.</summary>
    public static ExperimentShard? Resolve(string spec, IDictionary environment, out string problem)
    {
        problem = "";
        string? Env(string name) => environment[name] as string;
        if (spec == "auto" || spec.StartsWith("auto/", StringComparison.Ordinal))
        {
            int? count = null;
            if (spec != "auto")
            {
                if (!int.TryParse(spec["auto/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    problem = $"--shard '{spec}': N in auto/N must be a whole number of at least 1";
                    return null;
                }

                count = n;
            }

            if (Env("SLURM_ARRAY_TASK_ID") is { } id)
            {
                if (!Int(id, out var task) || !Int(Env("SLURM_ARRAY_TASK_MIN") ?? "0", out var min) || !Int(Env("SLURM_ARRAY_TASK_COUNT") ?? "", out var tasks))
                {
                    problem = "--shard auto: SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT must be whole numbers (is this a Slurm array job?)";
                    return null;
                }

                if ((Env("SLURM_ARRAY_TASK_STEP") ?? "1") != "1")
                {
                    problem = $"--shard auto: the Slurm array has step {Env("SLURM_ARRAY_TASK_STEP")}; use a dense range such as --array=0-{tasks - 1}";
                    return null;
                }

                if (count is { } c && c != tasks)
                {
                    problem = $"--shard {spec}: the Slurm array has {tasks} tasks, not {c}";
                    return null;
                }

                return Checked(task - min, tasks, $"Slurm array task {task} (min {min}, count {tasks})", out problem);
            }

            if (Env("JOB_COMPLETION_INDEX") is { } index)
            {
                if (count is null)
                {
                    problem = "--shard auto: JOB_COMPLETION_INDEX is set but a Kubernetes pod does not know the number of completions; use --shard auto/N";
                    return null;
                }

                if (!Int(index, out var i))
                {
                    problem = $"--shard {spec}: JOB_COMPLETION_INDEX '{index}' is not a whole number";
                    return null;
                }

                return Checked(i, count.Value, $"JOB_COMPLETION_INDEX {i}", out problem);
            }

            problem = $"--shard {spec}: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set; give the shard as I/N";
            return null;
        }

        if (!ExperimentShard.TryParse(spec, out var shard, out var why))
        {
            problem = "--shard " + why;
            return null;
        }

        return shard;
    }

    private static ExperimentShard? Checked(int index, int count, string source, out string problem)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            problem = $"--shard: {source} is not a shard index 0 .. {count - 1}";
            return null;
        }

        problem = "";
        return new ExperimentShard(index, count);
    }

    private static bool Int(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
