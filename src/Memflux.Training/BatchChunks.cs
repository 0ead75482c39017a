namespace Memflux.Training;

/// <summary>
/// Splits a batch into a fixed number of contiguous chunks that depends only on the batch size, never on the
/// thread count. Each chunk accumulates its own partial sums and the partials are added in chunk order, so every
/// reduction is bit-for-bit the same whatever the degree of parallelism.
/// </summary>
internal static class BatchChunks
{
    /// <summary>Most chunks a batch is split into (enough to keep a few cores busy).</summary>
    public const int MaxChunks = 8;

    public static int Count(int batch) => Math.Clamp(batch, 1, MaxChunks);

    public static int Start(int chunk, int chunks, int batch) => (int)((long)chunk * batch / chunks);
}
