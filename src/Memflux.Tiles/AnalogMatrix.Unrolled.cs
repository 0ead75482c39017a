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
    /// <summary>Most slivers of pixels one work item takes through the row blocks (a tile output column per item is at most this many slivers long).</summary>
    private const int MaxSliversPerItem = 4;

    /// <summary>Work items per thread a call aims for, so uneven items still balance.</summary>
    private const int ItemsPerThread = 4;

    private UnrolledWeights?[] _packed = [];
    private bool _packedCurrent;
    private ulong[] _noiseKeys = [];
    private Conv2DGeometry _geometry;
    private int _group, _firstPixel, _itemPixels;
    private Action<int>? _unrolledItem;

    /// <summary>
    /// As <see cref="MultiplyTransposed(ReadOnlySpan{float}, int, Span{float}, ulong)"/> on x = the unrolled input
    /// (im2col, one k-vector per output pixel) of group <paramref name="group"/> of convolution <paramref name="g"/>,
    /// pixels [<paramref name="firstPixel"/>, +<paramref name="count"/>), without materializing it (same values, same
    /// noise): each row block's input is packed from <paramref name="input"/> a sliver of pixels at a time, scaled and
    /// quantized in cache, and multiplied by the row block's tiles at once (<see cref="UnrolledSlivers"/>).
    /// </summary>
    public unsafe void MultiplyUnrolled(in Conv2DGeometry g, ReadOnlySpan<float> input, int group, int firstPixel, int count, Span<float> yTransposed, ulong callIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int k = g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth;
        long pixels = (long)g.Batch * g.OutHeight * g.OutWidth;
        if (k != Inputs || g.OutChannelsPerGroup != Outputs || yTransposed.Length != (long)count * Outputs || input.Length != g.InputLength
            || (uint)group >= (uint)g.Groups || firstPixel < 0 || firstPixel + (long)count > pixels)
        {
            throw new ArgumentException(
                $"expected a convolution of {Inputs} inputs and {Outputs} outputs per group, an input of {g.InputLength} values, pixels within {pixels} and yᵀ of {Outputs}×{count}; found {k}, {g.OutChannelsPerGroup}, {input.Length}, [{firstPixel}, +{count}) and {yTransposed.Length} values");
        }

        if (!_read)
        {
            throw new InvalidOperationException("Read(time, readIndex) must be called after programming and before Multiply.");
        }

        if (count == 0)
        {
            return;
        }

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
        int width = UnrolledConvolution.SliverWidth, slivers = (count + width - 1) / width;
        int threads = MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        int perItem = Math.Clamp((slivers + (threads * ItemsPerThread) - 1) / (threads * ItemsPerThread), 1, MaxSliversPerItem);
        fixed (float* px = input, py = yTransposed)
        {
            (_geometry, _group, _firstPixel, _m, _itemPixels) = (g, group, firstPixel, count, perItem * width);
            (_xPointer, _yPointer) = ((nint)px, (nint)py);
            Run((slivers + perItem - 1) / perItem, Options(), _unrolledItem);
            _xPointer = _yPointer = 0;
        }
    }

    /// <summary>As <see cref="MultiplyUnrolled(in Conv2DGeometry, ReadOnlySpan{float}, int, int, int, Span{float}, ulong)"/> with the internal call counter.</summary>
    public void MultiplyUnrolled(in Conv2DGeometry g, ReadOnlySpan<float> input, int group, int firstPixel, int count, Span<float> yTransposed) =>
        MultiplyUnrolled(g, input, group, firstPixel, count, yTransposed, _nextCall++);

    /// <summary>Packs each row block's effective weights (its tiles' Ŵᵀ stacked) once per read for the micro-kernel.</summary>
    private void EnsurePacked()
    {
        if (_packedCurrent && _packed.All(p => p is { IsCurrent: true }))
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
    /// Work item <paramref name="item"/>: pixels [item·_itemPixels, …) of the call through every row block, as
    /// <see cref="MultiplyTransposed(ReadOnlySpan{float}, int, Span{float}, ulong)"/> does for them: the first row block
    /// writes yᵀ = o·α + 0, the others add o·α in row-block order (the same float operations, so the same bits).
    /// </summary>
    private unsafe void UnrolledItem(int item)
    {
        int p0 = item * _itemPixels, count = Math.Min(_itemPixels, _m - p0), m = _m;
        int rowsMax = Math.Min(Config.Rows, Inputs), width = UnrolledConvolution.SliverWidth;
        float[] buffer = ArrayPool<float>.Shared.Rent((rowsMax * width) + 16 + (Outputs * count) + (3 * count));
        try
        {
            fixed (float* raw = buffer)
            {
                float* sliver = (float*)(((nint)raw + 63) & ~(nint)63);
                int used = (int)(sliver - raw) + (rowsMax * width);
                var outputs = buffer.AsSpan(used, Outputs * count);
                var alpha = buffer.AsSpan(used + outputs.Length, count);
                var noise = buffer.AsSpan(used + outputs.Length + count, count);
                var y = new Span<float>((float*)_yPointer, m * Outputs);
                fixed (float* po = outputs)
                {
                    for (int rb = 0; rb < RowBlocks; rb++)
                    {
                        var first = _tiles[rb * ColumnBlocks];
                        var slivers = new UnrolledSlivers(_geometry, (float*)_xPointer, _group, first.RowOffset, first.Rows);
                        var sliverSpan = new Span<float>(sliver, slivers.Length);
                        for (int s = 0; s < count; s += width)
                        {
                            int w = Math.Min(width, count - s);
                            slivers.Pack(_firstPixel + p0 + s, w, sliver);
                            PrepareSliver(sliverSpan, first.Rows, alpha.Slice(s, w));
                            slivers.Multiply(_packed[rb]!, sliver, w, po + s, count);
                        }

                        for (int cb = 0; cb < ColumnBlocks; cb++)
                        {
                            var tile = _tiles[(rb * ColumnBlocks) + cb];
                            tile.FinishOutputColumns(
                                Config, outputs.Slice(tile.ColumnOffset * count, tile.Columns * count), count, p0, _noiseKeys[(rb * ColumnBlocks) + cb],
                                alpha, y[((tile.ColumnOffset * m) + p0)..], m, overwrite: rb == 0, noise);
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
