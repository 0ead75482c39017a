using System.Numerics.Tensors;
using Memflux.Numerics;

namespace Memflux.Tiles;

public sealed partial class AnalogMatrix
{
    /// <summary>Rows of x per parallel work item of the element-wise stages (results do not depend on it).</summary>
    private const int ChunkRows = 32;

    /// <summary>Rows of x per parallel work item of the output stages, which run along the transposed outputs.</summary>
    private const int FinishRows = 512;

    /// <summary>
    /// Columns of one tile per parallel work item of the output stages, so a call with few input vectors (a small
    /// feature map) still spreads a tile's columns over the threads.
    /// </summary>
    private const int FinishColumns = 32;

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
    private Action<int>? _prepareChunk, _finishChunk;

    /// <summary>
    /// y (m×n) = the crossbar's response to x (m×k), both row-major. The output noise of this call is keyed by an
    /// internal call counter that restarts at 0 with every <see cref="Read"/>, so a fixed sequence of calls after a read
    /// is reproducible; use the overload with an explicit call index when calls may come in any order.
    /// </summary>
    public void Multiply(ReadOnlySpan<float> x, int m, Span<float> y) => Multiply(x, m, y, _nextCall++);

    /// <summary>
    /// y (m×n) = the crossbar's response to x (m×k), with output noise keyed by (read index, <paramref name="callIndex"/>,
    /// tile, row of x, column). Per row block: noise management (abs-max per input vector) → DAC → GEMM with the
    /// effective weights Ŵ → the input-dependent read terms, if any (aihwkit's IR drop, PCM_READ weight noise) → output
    /// noise → ADC → α_x·(a_j·α_j·s_j·y + b_j·s_j), summed over row blocks.
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

    /// <summary>As <see cref="MultiplyTransposed(ReadOnlySpan{float}, int, Span{float}, ulong)"/> with the internal call counter.</summary>
    public void MultiplyTransposed(ReadOnlySpan<float> x, int m, Span<float> yTransposed) => MultiplyTransposed(x, m, yTransposed, _nextCall++);

    /// <summary>
    /// Each tile's product is computed transposed, yaᵀ (columns×m) = Ŵᵀ·x̂ᵀ, so the many input vectors run along the
    /// GEMM's wide n dimension (convolutions give m = pixels ≫ columns); the output stages then work on whole columns.
    /// </summary>
    private unsafe void MultiplyCore(ReadOnlySpan<float> x, int m, Span<float> y, ulong callIndex, bool transposedOutput = false)
    {
        CompleteRead();
        EnsureCapacity(m);
        y.Clear();
        _prepareChunk ??= PrepareChunk;
        _finishChunk ??= FinishChunk;
        var options = Options();
        int chunks = (m + ChunkRows - 1) / ChunkRows;
        int finishChunks = (m + FinishRows - 1) / FinishRows;
        fixed (float* px = x, py = y)
        {
            _xPointer = (nint)px;
            _yPointer = (nint)py;
            _m = m;
            _transposedOutput = transposedOutput;
            BeginActivity(chunks);
            for (int rb = 0; rb < RowBlocks; rb++)
            {
                BeginRowBlock(rb);
                Run(chunks, options, _prepareChunk);
                for (int cb = 0; cb < ColumnBlocks; cb++)
                {
                    var tile = _tiles[(rb * ColumnBlocks) + cb];
                    Gemm.Multiply(false, true, tile.Columns, m, tile.Rows, 1f, tile.WeightsTransposed, tile.Rows, _xq.AsSpan(0, m * tile.Rows), tile.Rows, 0f, _ya.AsSpan(0, m * tile.Columns), m);
                    if (Config.HasInputDependentRead)
                    {
                        ApplyInputDependentRead(tile, m, callIndex);
                    }

                    FinishTile(tile, callIndex, finishChunks, options);
                }
            }

            EndActivity(chunks, (long)m * Inputs);
            _tile = null;
            _xPointer = _yPointer = 0;
        }
    }

    /// <summary>Row block <paramref name="rb"/>'s input rows are the current ones.</summary>
    private void BeginRowBlock(int rb)
    {
        var first = _tiles[rb * ColumnBlocks];
        _rowOffset = first.RowOffset;
        _rowCount = first.Rows;
    }

    /// <summary>The output stages of <paramref name="tile"/>'s product (in _ya), keyed by this call, added into y.</summary>
    private void FinishTile(CrossbarTile tile, ulong callIndex, int finishChunks, ParallelOptions options)
    {
        _tile = tile;
        _noiseKey = CounterRandom.Key(tile.Key, _readIndex, callIndex, CrossbarTile.StreamOutputNoise);
        Run(finishChunks * ColumnGroups(tile), options, _finishChunk!);
    }

    private static int ColumnGroups(CrossbarTile tile) => (tile.Columns + FinishColumns - 1) / FinishColumns;

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

    /// <summary>
    /// Output noise and ADC, then the per-column digital factors and the input scale, added into y; work item
    /// <paramref name="item"/> takes rows [chunk·FinishRows, …) of one group of <see cref="FinishColumns"/> columns of
    /// the transposed tile outputs yaᵀ (each column's values depend on nothing else, so neither does the result).
    /// </summary>
    private unsafe void FinishChunk(int item)
    {
        var tile = _tile!;
        int groups = ColumnGroups(tile), chunk = item / groups, group = item % groups, m = _m;
        var y = new Span<float>((float*)_yPointer, m * Outputs);
        int start = chunk * FinishRows, count = Math.Min(m - start, FinishRows);
        var alpha = _alpha.AsSpan(start, count);
        var scratch = _scratch.AsSpan((group * m) + start, count);
        for (int j = group * FinishColumns, end = Math.Min(tile.Columns, j + FinishColumns); j < end; j++)
        {
            var outputs = _ya.AsSpan((j * m) + start, count);
            tile.FinishOutputColumn(Config, outputs, j, start, _noiseKey, scratch);
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

    /// <summary>Grows the per-call buffers to <paramref name="m"/> input vectors.</summary>
    private void EnsureCapacity(int m)
    {
        if (m <= _capacity)
        {
            return;
        }

        int capacity = Math.Max(m, _capacity * 2);
        _xq = new float[Buffer(capacity, Math.Min(Config.Rows, Inputs))];
        _ya = new float[Buffer(capacity, Math.Min(Config.Columns, Outputs))];
        _scratch = new float[Buffer(capacity, (Math.Min(Config.Columns, Outputs) + FinishColumns - 1) / FinishColumns)]; // one row per column group
        _alpha = new float[capacity];
        _capacity = capacity;

        int Buffer(int vectors, int values) => (long)vectors * values <= Array.MaxLength
            ? vectors * values
            : throw new MemfluxException($"AnalogMatrix: {m} input vectors of {Inputs} inputs and {Outputs} outputs exceed one buffer.");
    }
}
