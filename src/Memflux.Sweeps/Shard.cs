using System.Globalization;
using Memflux.Numerics;

namespace Memflux.Sweeps;

/// <summary>
/// Which points one process runs: those whose index ≡ <see cref="Index"/> (mod <see cref="Count"/>). Points in grid
/// order alternate along the fastest axis, so consecutive indices of different cost spread over the shards.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>All points in one process.</summary>
    public static Shard Whole => new(0, 1);

    /// <summary>Whether this shard runs the point at <paramref name="pointIndex"/>.</summary>
    public bool Contains(int pointIndex) => pointIndex % Count == Index;

    /// <summary>Parses <c>i/N</c> (0 ≤ i &lt; N), naming <paramref name="origin"/> in errors.</summary>
    public static Shard Parse(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n)
        {
            return new Shard(i, n);
        }

        throw new MemfluxException($"{origin}: expected a shard i/N with 0 ≤ i < N (e.g. 0/4), found '{text}'.");
    }

    /// <summary>
    /// The shard of a Slurm array task, from <c>SLURM_ARRAY_TASK_ID</c> and <c>SLURM_ARRAY_TASK_COUNT</c> (an array
    /// <c>--array=0-(N-1)</c>, as <see cref="SlurmScript"/> writes it), or <see langword="null"/> outside an array.
    /// </summary>
    public static Shard? FromSlurm(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? id = environment("SLURM_ARRAY_TASK_ID");
        string? count = environment("SLURM_ARRAY_TASK_COUNT");
        if (id is null && count is null)
        {
            return null;
        }

        return Parse($"{id}/{count}", "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
