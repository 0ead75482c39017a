using System.Text;

namespace Memflux.Sweeps;

/// <summary>
/// The <c>sbatch</c> script of a sweep run as a Slurm job array: task i of N runs <c>memflux sweep FILE --shard i/N</c>
/// into its own database <c>DIR/shard-i.db</c>, so tasks never write the same file, and a task that is cancelled and
/// resubmitted alone (<c>sbatch --array=i SCRIPT</c>) resumes its own database. N is written into the script rather than
/// read from <c>SLURM_ARRAY_TASK_COUNT</c>, which a resubmitted single task would see as 1.
/// </summary>
public static class SlurmScript
{
    /// <summary>Options of the array job; null leaves the cluster's default.</summary>
    public sealed record Options(int Shards, string? Partition = null, string? Time = null, int? CpusPerTask = null);

    /// <summary>The script text.</summary>
    /// <param name="memflux">The command that starts memflux on the nodes (argv, each element quoted).</param>
    /// <param name="sweepFile">The sweep file, absolute.</param>
    /// <param name="outputFolder">Where the shard databases and Slurm's logs go, absolute.</param>
    /// <param name="options">Array size and resources.</param>
    public static string Write(IReadOnlyList<string> memflux, string sweepFile, string outputFolder, Options options)
    {
        ArgumentNullException.ThrowIfNull(memflux);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Shards, 1);
        CheckDirective(options.Partition, "--partition");
        CheckDirective(options.Time, "--time");
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        script.Append("#SBATCH --job-name=memflux-sweep\n");
        script.Append($"#SBATCH --array=0-{options.Shards - 1}\n");
        script.Append($"#SBATCH --output={outputFolder}/slurm-%A_%a.out\n");
        if (options.Partition is { } partition)
        {
            script.Append($"#SBATCH --partition={partition}\n");
        }

        if (options.Time is { } time)
        {
            script.Append($"#SBATCH --time={time}\n");
        }

        if (options.CpusPerTask is { } cpus)
        {
            script.Append($"#SBATCH --cpus-per-task={cpus}\n");
        }

        script.Append("set -euo pipefail\n");
        script.Append("exec ").Append(string.Join(' ', memflux.Select(Quote)))
            .Append(" sweep ").Append(Quote(sweepFile))
            .Append(" --shard \"$SLURM_ARRAY_TASK_ID\"/").Append(options.Shards)
            .Append(" -o ").Append(Quote(outputFolder + "/shard-")).Append("\"$SLURM_ARRAY_TASK_ID\".db\n");
        return script.ToString();
    }

    private static void CheckDirective(string? value, string option)
    {
        // An #SBATCH line ends at the line's end and is not quoted: only a plain word is safe in it.
        if (value is not null && (value.Length == 0 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or ':' or '.' or ',')))
        {
            throw new Memflux.Numerics.MemfluxException($"{option}: expected a Slurm name or time (letters, digits, _ - : . ,), found '{value}'.");
        }
    }

    /// <summary>Single-quotes <paramref name="word"/> for bash.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
