using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Memflux.Numerics;

namespace Memflux.Tiles;

public sealed partial class AnalogMatrix
{
    /// <summary>Rows of x per parallel work item of the element-wise stages (results do not depend on it).</summary>
    private const int ChunkRows = 32;

    /// <summary>Rows of x per parallel work item of the output stages, which run along the transposed outputs.</summary>
    private const int FinishRows = 512;

    /// <summary>Input vectors per parallel work item of the column-major input stage (its scales live on the stack).</summary>
    private const int ChunkColumns = 256;

    private float[] _xq = [];
    private float[] _ya = [];
    private float[] _scratch = [];
    private float[] _alpha = [];
    private int _capacity;

    // Operands of the current call, for the cached chunk delegates (so a call allocates no closures).
    private nint _xPointer, _yPointer;
    private int _m, _rowOffset, _rowCount;
    private bool _transposedOutput;
    private CrossbarTile? _tile;
    private ulong _noiseKey;
    private Action<int>? _prepareChunk, _prepareColumns, _finishChunk;

    /// <summary>
    /// y (m×n) = the crossbar's response to x (m×k), both row-major. The output noise of this call is keyed by an
    /// internal call counter that restarts at 0 with every <see cref="Read"/>, so a fixed sequence of calls after a read
    /// is reproducible; use the overload with an explicit call index when calls may come in any order.
    /// </summary>
    public void Multiply(ReadOnlySpan<float> x, int m, Span<float> y) => Multiply(x, m, y, _nextCall++);

    /// <summary>
    /// y (m×n) = the crossbar's response to x (m×k), with output noise keyed by (read index, <paramref name="callIndex"/>,
    /// tile, row of x, column). Per row block: noise management (abs-max per input vector) → DAC → GEMM with the
    /// effective weights Ŵ → output noise → ADC → α_x·(a_j·α_j·s_j·y + b_j·s_j), summed over row blocks.
    /// </summary>
    public void Multiply(ReadOnlySpan<float> x, int m, Span<float> y, ulong callIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if (x.Length != (long)m * Inputs || y.Length != (long)m * Outputs)
        {
            throw new ArgumentException($"expected x of {m}×{Inputs} and y of {m}×{Outputs}, found {x.Length} and {y.Length} values");
        }

        if (!_read)
        {
            throw new InvalidOperationException("Read(time, readIndex) must be called after programming and before Multiply.");
        }

        if (m > 0)
        {
            MultiplyCore(x, m, y, callIndex);
        }
    }

    /// <summary>
    /// As <see cref="Multiply(ReadOnlySpan{float}, int, Span{float}, ulong)"/> (same values, same noise), but writes
    /// yᵀ: <paramref name="yTransposed"/> is n×m row-major, output j of input vector r at [j·m + r].
    /// </summary>
    public void MultiplyTransposed(ReadOnlySpan<float> x, int m, Span<float> yTransposed, ulong callIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if (x.Length != (long)m * Inputs || yTransposed.Length != (long)m * Outputs)
        {
            throw new ArgumentException($"expected x of {m}×{Inputs} and yᵀ of {Outputs}×{m}, found {x.Length} and {yTransposed.Length} values");
        }

        if (!_read)
        {
            throw new InvalidOperationException("Read(time, readIndex) must be called after programming and before Multiply.");
        }

        if (m > 0)
        {
            MultiplyCore(x, m, yTransposed, callIndex, transposedOutput: true);
        }
    }

    /// <summary>
    /// As <see cref="MultiplyTransposed(ReadOnlySpan{float}, int, Span{float}, ulong)"/> (same values, same noise), but
    /// reads the input vectors as columns too: <paramref name="xTransposed"/> is k×m row-major, input i of vector r at
    /// [i·m + r]. Convolutions unroll their input this way (runs of output pixels are contiguous), and the noise
    /// management, the DAC and the GEMM's packing then stream along rows.
    /// </summary>
    public void MultiplyColumnMajor(ReadOnlySpan<float> xTransposed, int m, Span<float> yTransposed, ulong callIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if (xTransposed.Length != (long)m * Inputs || yTransposed.Length != (long)m * Outputs)
        {
            throw new ArgumentException($"expected xᵀ of {Inputs}×{m} and yᵀ of {Outputs}×{m}, found {xTransposed.Length} and {yTransposed.Length} values");
        }

        if (!_read)
        {
            throw new InvalidOperationException("Read(time, readIndex) must be called after programming and before Multiply.");
        }

        if (m > 0)
        {
            MultiplyCore(xTransposed, m, yTransposed, callIndex, transposedOutput: true, columnMajorInput: true);
        }
    }

    /// <summary>As <see cref="MultiplyColumnMajor(ReadOnlySpan{float}, int, Span{float}, ulong)"/> with the internal call counter.</summary>
    public void MultiplyColumnMajor(ReadOnlySpan<float> xTransposed, int m, Span<float> yTransposed) => MultiplyColumnMajor(xTransposed, m, yTransposed, _nextCall++);

    /// <summary>As <see cref="MultiplyTransposed(ReadOnlySpan{float}, int, Span{float}, ulong)"/> with the internal call counter.</summary>
    public void MultiplyTransposed(ReadOnlySpan<float> x, int m, Span<float> yTransposed) => MultiplyTransposed(x, m, yTransposed, _nextCall++);

    /// <summary>
    /// Each tile's product is computed transposed, yaᵀ (columns×m) = Ŵᵀ·x̂ᵀ, so the many input vectors run along the
    /// GEMM's wide n dimension (convolutions give m = pixels ≫ columns); the output stages then work on whole columns.
    /// </summary>
    private unsafe void MultiplyCore(ReadOnlySpan<float> x, int m, Span<float> y, ulong callIndex, bool transposedOutput = false, bool columnMajorInput = false)
    {
        EnsureCapacity(m);
        y.Clear();
        _prepareChunk ??= PrepareChunk;
        _prepareColumns ??= PrepareColumns;
        _finishChunk ??= FinishChunk;
        var options = Options();
        int chunks = columnMajorInput ? (m + ChunkColumns - 1) / ChunkColumns : (m + ChunkRows - 1) / ChunkRows;
        int finishChunks = (m + FinishRows - 1) / FinishRows;
        fixed (float* px = x, py = y)
        {
            _xPointer = (nint)px;
            _yPointer = (nint)py;
            _m = m;
            _transposedOutput = transposedOutput;
            for (int rb = 0; rb < RowBlocks; rb++)
            {
                var first = _tiles[rb * ColumnBlocks];
                _rowOffset = first.RowOffset;
                _rowCount = first.Rows;
                Run(chunks, options, columnMajorInput ? _prepareColumns : _prepareChunk);
                for (int cb = 0; cb < ColumnBlocks; cb++)
                {
                    var tile = _tiles[(rb * ColumnBlocks) + cb];
                    var xq = _xq.AsSpan(0, m * tile.Rows);
                    var ya = _ya.AsSpan(0, m * tile.Columns);
                    if (columnMajorInput)
                    {
                        Gemm.Multiply(false, false, tile.Columns, m, tile.Rows, 1f, tile.WeightsTransposed, tile.Rows, xq, m, 0f, ya, m);
                    }
                    else
                    {
                        Gemm.Multiply(false, true, tile.Columns, m, tile.Rows, 1f, tile.WeightsTransposed, tile.Rows, xq, tile.Rows, 0f, ya, m);
                    }

                    _tile = tile;
                    _noiseKey = CounterRandom.Key(tile.Key, _readIndex, callIndex, CrossbarTile.StreamOutputNoise);
                    Run(finishChunks, options, _finishChunk);
                }
            }

            _tile = null;
            _xPointer = _yPointer = 0;
        }
    }

    private static void Run(int chunks, ParallelOptions options, Action<int> body)
    {
        if (chunks == 1 || options.MaxDegreeOfParallelism == 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                body(c);
            }

            return;
        }

        Parallel.For(0, chunks, options, body);
    }

    /// <summary>x̂ = x/α_x (α_x = max|x| of the vector's slice on this row block, or 1), then the DAC.</summary>
    private unsafe void PrepareChunk(int chunk)
    {
        var x = new ReadOnlySpan<float>((float*)_xPointer, _m * Inputs);
        int end = Math.Min(_m, (chunk + 1) * ChunkRows);
        for (int r = chunk * ChunkRows; r < end; r++)
        {
            var segment = x.Slice((r * Inputs) + _rowOffset, _rowCount);
            var destination = _xq.AsSpan(r * _rowCount, _rowCount);
            float alpha = 1f;
            if (Config.NoiseManagement == NoiseManagement.AbsMax)
            {
                alpha = Math.Abs(TensorPrimitives.MaxMagnitude(segment));
                alpha = alpha > 0 && float.IsFinite(alpha) ? alpha : 1f;
            }

            _alpha[r] = alpha;
            Quantizer.QuantizeCore(segment, destination, Config.Dac.Bits, (float)Config.Dac.InputRange, 1f / alpha);
        }
    }

    /// <summary>
    /// The column-major form of <see cref="PrepareChunk"/>: for input vectors (columns of xᵀ) [chunk·ChunkColumns, …),
    /// α_x = max|x| over this row block's rows (a running elementwise max down the rows), then x̂ᵀ = DAC(x/α_x) row by
    /// row with one scale per column. Same values as the row form: the max is exact and the quantizer does the same
    /// float operations per element.
    /// </summary>
    private unsafe void PrepareColumns(int chunk)
    {
        int m = _m, start = chunk * ChunkColumns, count = Math.Min(m - start, ChunkColumns);
        var x = new ReadOnlySpan<float>((float*)_xPointer, m * Inputs);
        var alpha = _alpha.AsSpan(start, count);
        Span<float> scales = stackalloc float[ChunkColumns];
        scales = scales[..count];
        if (Config.NoiseManagement == NoiseManagement.AbsMax)
        {
            alpha.Clear();
            for (int i = 0; i < _rowCount; i++)
            {
                MaxMagnitudeInto(alpha, x.Slice(((_rowOffset + i) * m) + start, count));
            }

            for (int r = 0; r < count; r++)
            {
                float a = alpha[r];
                alpha[r] = a > 0 && float.IsFinite(a) ? a : 1f;
                scales[r] = 1f / alpha[r];
            }
        }
        else
        {
            alpha.Fill(1f);
            scales.Fill(1f);
        }

        for (int i = 0; i < _rowCount; i++)
        {
            Quantizer.QuantizeCore(x.Slice(((_rowOffset + i) * m) + start, count), _xq.AsSpan((i * m) + start, count), Config.Dac.Bits, (float)Config.Dac.InputRange, scales);
        }
    }

    /// <summary>max[i] = max(max[i], |x[i]|), NaN propagating (so a NaN input makes α_x non-finite, hence 1, as in the row form).</summary>
    private static void MaxMagnitudeInto(Span<float> max, ReadOnlySpan<float> x)
    {
        int i = 0;
        ref float pm = ref MemoryMarshal.GetReference(max);
        ref float px = ref MemoryMarshal.GetReference(x);
        for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256.Max(Vector256.LoadUnsafe(ref pm, (nuint)i), Vector256.Abs(Vector256.LoadUnsafe(ref px, (nuint)i))).StoreUnsafe(ref pm, (nuint)i);
        }

        for (; i < x.Length; i++)
        {
            max[i] = MathF.Max(max[i], MathF.Abs(x[i]));
        }
    }

    /// <summary>
    /// Output noise and ADC, then the per-column digital factors and the input scale, added into y; works on rows
    /// [chunk·FinishRows, …) of every column of the transposed tile outputs yaᵀ.
    /// </summary>
    private unsafe void FinishChunk(int chunk)
    {
        var tile = _tile!;
        int columns = tile.Columns, m = _m;
        var y = new Span<float>((float*)_yPointer, m * Outputs);
        int start = chunk * FinishRows, count = Math.Min(m - start, FinishRows);
        var alpha = _alpha.AsSpan(start, count);
        var scratch = _scratch.AsSpan(start, count);
        for (int j = 0; j < columns; j++)
        {
            var outputs = _ya.AsSpan((j * m) + start, count);
            tile.ConvertOutputColumn(Config, outputs, j, start, _noiseKey, scratch);
            TensorPrimitives.Multiply(outputs, tile.ColumnFactor[j], outputs);
            TensorPrimitives.Add(outputs, tile.ColumnBias[j], outputs);
            int column = tile.ColumnOffset + j;
            if (_transposedOutput)
            {
                var target = y.Slice((column * m) + start, count);
                TensorPrimitives.MultiplyAdd(outputs, alpha, target, target);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    y[((start + i) * Outputs) + column] += outputs[i] * alpha[i];
                }
            }
        }
    }

    private void EnsureCapacity(int m)
    {
        if (m <= _capacity)
        {
            return;
        }

        int capacity = Math.Max(m, _capacity * 2);
        _xq = new float[(long)capacity * Math.Min(Config.Rows, Inputs) > int.MaxValue ? throw new MemfluxException($"AnalogMatrix: {m} input vectors of {Inputs} values exceed one buffer.") : capacity * Math.Min(Config.Rows, Inputs)];
        _ya = new float[capacity * Math.Min(Config.Columns, Outputs)];
        _scratch = new float[capacity * Math.Min(Config.Columns, Outputs)];
        _alpha = new float[capacity];
        _capacity = capacity;
    }
}
