using System.Buffers;
using Memflux.Numerics;

namespace Memflux.Tiles;

/// <summary>
/// Products with a convolution's unrolled input, pixel range by pixel range: each work item takes a few slivers of
/// pixels through every row block (pack → noise management and DAC → product with every tile of the row block →
/// output noise, ADC and digital factors → added into yᵀ), so its input slivers, tile outputs and its part of yᵀ stay
/// in cache, and a call has one parallel region however many row blocks the matrix has.
/// </summary>
public sealed partial class AnalogMatrix
{
    /// <summary>
    /// Most tile outputs (outputs × pixels) one work item holds, 256 KiB of floats: its outputs and its part of yᵀ stay in
    /// L2 while it passes through the row blocks.
    /// </summary>
    private const int MaxItemOutputs = 1 << 16;

    /// <summary>
    /// Fewest work items per thread a call is split into (a multiple of the thread count in all), so items balance (1, 2
    /// and 8 measured the same on ResNet18 and fashion-cnn).
    /// </summary>
    private const int ItemsPerThread = 4;

    /// <summary>
    /// Receives the finished outputs of input vectors (rows) [<paramref name="firstRow"/>, +<paramref name="count"/>) of a
    /// call, transposed: output j of row firstRow + i at [j·count + i]. Called from worker threads, each time for other
    /// rows; the span is valid only during the call.
    /// </summary>
    public delegate void TransposedOutputs(int firstRow, int count, ReadOnlySpan<float> yTransposed);

    private UnrolledWeights?[] _packed = [];
    private bool _packedCurrent;
    private ulong[] _noiseKeys = [];
    private UnrolledSlivers[] _rowBlockSlivers = [];
    private int _firstPixel, _slivers, _items;
    private Action<int>? _unrolledItem;
    private TransposedOutputs? _writer;

    /// <summary>
    /// As <see cref="MultiplyTransposed(ReadOnlySpan{float}, int, Span{float}, ulong)"/> on x = the unrolled input
    /// (im2col, one k-vector per output pixel) of group <paramref name="group"/> of convolution <paramref name="g"/>,
    /// pixels [<paramref name="firstPixel"/>, +<paramref name="count"/>), without materializing it (same values, same
    /// noise): each row block's input is packed from <paramref name="input"/> a sliver of pixels at a time, scaled and
    /// quantized in cache, and multiplied by the row block's tiles at once (<see cref="UnrolledSlivers"/>).
    /// </summary>
    public unsafe void MultiplyUnrolled(in Conv2DGeometry g, ReadOnlySpan<float> input, int group, int firstPixel, int count, Span<float> yTransposed, ulong callIndex)
    {
        if (yTransposed.Length != (long)count * Outputs)
        {
            throw new ArgumentException($"expected yᵀ of {Outputs}×{count}, found {yTransposed.Length} values");
        }

        fixed (float* py = yTransposed)
        {
            nint target = (nint)py;
            int m = count;
            MultiplyUnrolled(g, input, group, firstPixel, count, (first, rows, part) =>
            {
                var y = new Span<float>((float*)target, m * Outputs);
                for (int j = 0; j < Outputs; j++)
                {
                    part.Slice(j * rows, rows).CopyTo(y.Slice((j * m) + first, rows));
                }
            }, callIndex);
        }
    }

    /// <summary>
    /// As <see cref="MultiplyUnrolled(in Conv2DGeometry, ReadOnlySpan{float}, int, int, int, Span{float}, ulong)"/>, but
    /// hands each work item's finished outputs to <paramref name="writer"/> while they are in cache (a convolution
    /// writes them into its NCHW output there) instead of filling one yᵀ for the call.
    /// </summary>
    public unsafe void MultiplyUnrolled(in Conv2DGeometry g, ReadOnlySpan<float> input, int group, int firstPixel, int count, TransposedOutputs writer, ulong callIndex)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;
        long pixels = (long)g.Batch * g.OutHeight * g.OutWidth;
        if (k != Inputs || g.OutChannelsPerGroup != Outputs || input.Length != g.InputLength
            || (uint)group >= (uint)g.Groups || firstPixel < 0 || firstPixel + (long)count > pixels)
        {
            throw new ArgumentException(
                $"expected a convolution of {Inputs} inputs and {Outputs} outputs per group, an input of {g.InputLength} values and pixels within {pixels}; found {k}, {g.OutChannelsPerGroup}, {input.Length} and [{firstPixel}, +{count})");
        }

        if (!_read)
        {
            throw new InvalidOperationException("Read(time, readIndex) must be called after programming and before Multiply.");
        }

        if (count == 0)
        {
            return;
        }

        if (Config.HasInputDependentRead)
        {
            MultiplyUnrolledExplicit(g, input, group, firstPixel, count, writer, callIndex);
            return;
        }

        CompleteRead();
        EnsurePacked();
        if (_noiseKeys.Length != _tiles.Length)
        {
            _noiseKeys = new ulong[_tiles.Length];
        }

        for (int t = 0; t < _tiles.Length; t++)
        {
            _noiseKeys[t] = CounterRandom.Key(_tiles[t].Key, _readIndex, callIndex, CrossbarTile.StreamOutputNoise);
        }

        _unrolledItem ??= UnrolledItem;
        int width = UnrolledSlivers.SliverWidth, slivers = (count + width - 1) / width;
        int threads = MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        int maxPerItem = Math.Max(1, MaxItemOutputs / (Outputs * width));
        int items = Math.Min(slivers, (Math.Max(threads * ItemsPerThread, (slivers + maxPerItem - 1) / maxPerItem) + threads - 1) / threads * threads);
        if (_rowBlockSlivers.Length != RowBlocks)
        {
            _rowBlockSlivers = new UnrolledSlivers[RowBlocks];
        }

        fixed (float* px = input)
        {
            for (int rb = 0; rb < RowBlocks; rb++)
            {
                var first = _tiles[rb * ColumnBlocks];
                _rowBlockSlivers[rb] = new UnrolledSlivers(g, px, group, first.RowOffset, first.Rows);
            }

            (_firstPixel, _m, _slivers, _items, _writer) = (firstPixel, count, slivers, items, writer);
            try
            {
                BeginActivity(items);
                Run(items, Options(), _unrolledItem);
                EndActivity(items, (long)count * Inputs);
            }
            finally
            {
                _writer = null;
                Array.Clear(_rowBlockSlivers); // they point into the input, pinned only during the call
            }
        }
    }

    /// <summary>As <see cref="MultiplyUnrolled(in Conv2DGeometry, ReadOnlySpan{float}, int, int, int, Span{float}, ulong)"/> with the internal call counter.</summary>
    public void MultiplyUnrolled(in Conv2DGeometry g, ReadOnlySpan<float> input, int group, int firstPixel, int count, Span<float> yTransposed) =>
        MultiplyUnrolled(g, input, group, firstPixel, count, yTransposed, _nextCall++);

    /// <summary>As <see cref="MultiplyUnrolled(in Conv2DGeometry, ReadOnlySpan{float}, int, int, int, TransposedOutputs, ulong)"/> with the internal call counter.</summary>
    public void MultiplyUnrolled(in Conv2DGeometry g, ReadOnlySpan<float> input, int group, int firstPixel, int count, TransposedOutputs writer) =>
        MultiplyUnrolled(g, input, group, firstPixel, count, writer, _nextCall++);

    /// <summary>
    /// The unrolled product through the explicit path: the pixels' k-vectors are unpacked into x (count × k) and
    /// multiplied by <see cref="MultiplyCore"/>, for reads whose terms need each input vector beside the product
    /// (<see cref="TileConfig.HasInputDependentRead"/>), which the sliver kernels do not compute.
    /// </summary>
    private unsafe void MultiplyUnrolledExplicit(in Conv2DGeometry g, ReadOnlySpan<float> input, int group, int firstPixel, int count, TransposedOutputs writer, ulong callIndex)
    {
        int k = Inputs, width = UnrolledSlivers.SliverWidth;
        float[] x = ArrayPool<float>.Shared.Rent(count * k);
        float[] y = ArrayPool<float>.Shared.Rent(count * Outputs);
        float[] sliver = ArrayPool<float>.Shared.Rent((k * width) + 16);
        try
        {
            fixed (float* px = input, ps = sliver)
            {
                float* aligned = (float*)(((nint)ps + 63) & ~(nint)63);
                var slivers = new UnrolledSlivers(g, px, group, 0, k);
                for (int s = 0; s < count; s += width)
                {
                    int w = Math.Min(width, count - s);
                    slivers.Pack(firstPixel + s, w, aligned);
                    for (int t = 0; t < w; t++)
                    {
                        for (int i = 0; i < k; i++)
                        {
                            x[((s + t) * k) + i] = aligned[(i * width) + t];
                        }
                    }
                }
            }

            MultiplyCore(x.AsSpan(0, count * k), count, y.AsSpan(0, count * Outputs), callIndex, transposedOutput: true);
            writer(0, count, y.AsSpan(0, count * Outputs));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(x);
            ArrayPool<float>.Shared.Return(y);
            ArrayPool<float>.Shared.Return(sliver);
        }
    }

    /// <summary>Packs each row block's effective weights (its tiles' Ŵᵀ stacked) once per read for the micro-kernel.</summary>
    private void EnsurePacked()
    {
        if (_packedCurrent && Array.TrueForAll(_packed, p => p is { IsCurrent: true }))
        {
            return;
        }

        if (_packed.Length != RowBlocks)
        {
            _packed = new UnrolledWeights?[RowBlocks];
        }

        Run(RowBlocks, Options(), rb =>
        {
            var parts = _tiles.Skip(rb * ColumnBlocks).Take(ColumnBlocks).Select(t => t.WeightsTransposed).ToArray();
            if (_packed[rb] is { IsCurrent: true } packed)
            {
                packed.Repack(parts);
            }
            else
            {
                _packed[rb] = new UnrolledWeights(parts, parts[0].Length / _tiles[rb * ColumnBlocks].Columns);
            }
        });
        _packedCurrent = true;
    }

    /// <summary>
    /// Work item <paramref name="item"/>: slivers [item·slivers/items, (item + 1)·slivers/items) of the call's pixels
    /// through every row block, as <see cref="MultiplyTransposed(ReadOnlySpan{float}, int, Span{float}, ulong)"/> does
    /// for them: the first row block writes yᵀ = o·α + 0, the others add o·α in row-block order (the same float
    /// operations, so the same bits); then the writer gets the item's yᵀ.
    /// </summary>
    private unsafe void UnrolledItem(int item)
    {
        int width = UnrolledSlivers.SliverWidth, m = _m, rowsMax = Math.Min(Config.Rows, Inputs);
        int p0 = (int)((long)item * _slivers / _items) * width, count = Math.Min((int)((long)(item + 1) * _slivers / _items) * width, m) - p0;
        float[] buffer = ArrayPool<float>.Shared.Rent((rowsMax * width) + 16 + (2 * Outputs * count) + (2 * count));
        try
        {
            fixed (float* raw = buffer)
            {
                float* sliver = (float*)(((nint)raw + 63) & ~(nint)63);
                int used = (int)(sliver - raw) + (rowsMax * width);
                var outputs = buffer.AsSpan(used, Outputs * count);
                var y = buffer.AsSpan(used + outputs.Length, Outputs * count);
                var alpha = buffer.AsSpan(used + (2 * outputs.Length), count);
                var noise = buffer.AsSpan(used + (2 * outputs.Length) + count, count);
                fixed (float* po = outputs)
                {
                    for (int rb = 0; rb < RowBlocks; rb++)
                    {
                        var slivers = _rowBlockSlivers[rb];
                        var sliverSpan = new Span<float>(sliver, slivers.Length);
                        for (int s = 0; s < count; s += width)
                        {
                            int w = Math.Min(width, count - s);
                            slivers.Pack(_firstPixel + p0 + s, w, sliver);
                            PrepareSliver(sliverSpan, slivers.KCount, alpha.Slice(s, w));
                            CountSliverActivity(item, sliverSpan, slivers.KCount, w);
                            slivers.Multiply(_packed[rb]!, sliver, w, po + s, count);
                        }

                        for (int cb = 0; cb < ColumnBlocks; cb++)
                        {
                            var tile = _tiles[(rb * ColumnBlocks) + cb];
                            tile.FinishOutputColumns(
                                Config, outputs.Slice(tile.ColumnOffset * count, tile.Columns * count), count, p0, _noiseKeys[(rb * ColumnBlocks) + cb],
                                alpha, y[(tile.ColumnOffset * count)..], count, overwrite: rb == 0, noise);
                        }
                    }
                }

                _writer!(p0, count, y);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
