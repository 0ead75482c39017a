using Memflux.Numerics;

namespace Memflux.Training.Data;

/// <summary>
/// Turns a <see cref="LabeledImages"/> set into training mini-batches: a seeded permutation per epoch (Fisher–Yates
/// keyed by (seed, epoch), so epoch e's order does not depend on earlier epochs), full batches only (a last partial
/// batch is dropped so every step has the same shape), and per-sample <see cref="Augmentation"/> computed in parallel.
/// Every random choice is keyed by (seed, epoch, sample), so the batches are bit-identical whatever the thread count.
/// </summary>
public sealed class BatchLoader
{
    private readonly int[] _order;
    private readonly ParallelOptions _parallel;

    /// <summary>Creates a loader over <paramref name="data"/>.</summary>
    public BatchLoader(LabeledImages data, int batchSize, ulong seed, Augmentation? augmentation = null, ParallelOptions? parallel = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        augmentation ??= Augmentation.None;
        augmentation.Validate();
        if (batchSize <= 0)
        {
            throw new MemfluxException($"BatchLoader: batch size must be positive, found {batchSize}.");
        }

        if (data.Count < batchSize)
        {
            throw new MemfluxException($"BatchLoader: the training set has {data.Count} samples, fewer than one batch of {batchSize}.");
        }

        Data = data;
        BatchSize = batchSize;
        Seed = seed;
        Augmentation = augmentation;
        _parallel = parallel ?? new ParallelOptions();
        _order = new int[data.Count];
    }

    /// <summary>The samples.</summary>
    public LabeledImages Data { get; }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Seeds the shuffles and the augmentation.</summary>
    public ulong Seed { get; }

    /// <summary>The per-sample augmentation.</summary>
    public Augmentation Augmentation { get; }

    /// <summary>Full batches per epoch.</summary>
    public int BatchesPerEpoch => Data.Count / BatchSize;

    /// <summary>The sample order of the current epoch (valid after <see cref="StartEpoch"/>).</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>Shuffles the samples for <paramref name="epoch"/>.</summary>
    public void StartEpoch(int epoch)
    {
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        var rng = new SplitMix64(SplitMix64.Mix(Seed, (ulong)epoch));
        for (int i = _order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }
    }

    /// <summary>Fills batch <paramref name="batch"/> of <paramref name="epoch"/> (after <see cref="StartEpoch"/> for that epoch).</summary>
    public void Fill(int epoch, int batch, float[] pixels, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        int length = Data.SampleLength;
        if ((uint)batch >= (uint)BatchesPerEpoch || pixels.Length != BatchSize * length || labels.Length != BatchSize)
        {
            throw new ArgumentException($"BatchLoader: batch {batch} of {BatchesPerEpoch} needs {BatchSize * length} pixels and {BatchSize} labels, found {pixels.Length} and {labels.Length}.");
        }

        var indices = _order.AsSpan(batch * BatchSize, BatchSize);
        for (int i = 0; i < indices.Length; i++)
        {
            labels[i] = Data.Labels[indices[i]];
        }

        if (Augmentation.IsIdentity)
        {
            Data.CopyBatch(indices, pixels, labels);
            return;
        }

        FillAugmented(epoch, batch, pixels);
    }

    // Parallel.For cannot capture spans, hence the array.
    private void FillAugmented(int epoch, int batch, float[] target)
    {
        int length = Data.SampleLength;
        ulong epochKey = SplitMix64.Mix(SplitMix64.Mix(Seed, 0xA06_0000UL), (ulong)epoch);
        int start = batch * BatchSize;
        Parallel.For(0, BatchChunks.Count(BatchSize), _parallel, chunk =>
        {
            int chunks = BatchChunks.Count(BatchSize);
            int end = BatchChunks.Start(chunk + 1, chunks, BatchSize);
            for (int i = BatchChunks.Start(chunk, chunks, BatchSize); i < end; i++)
            {
                int sample = _order[start + i];
                Augmentation.ApplyCore(
                    Data.Pixels.AsSpan(sample * length, length),
                    target.AsSpan(i * length, length),
                    Data.Channels,
                    Data.Height,
                    Data.Width,
                    SplitMix64.Mix(epochKey, (ulong)sample));
            }
        });
    }
}
