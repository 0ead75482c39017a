using System.Buffers;
using Memflux.Devices;
using Memflux.Numerics;

namespace Memflux.Tiles;

/// <summary>
/// A k×n weight matrix (k inputs, n outputs, row-major) programmed onto ceil(k/R)×ceil(n/C) crossbar tiles: split by
/// rows (each row block has its own DACs and ADCs; partial sums are added digitally after the ADCs) and by columns.
/// The programmed device state persists; <see cref="Read"/> fixes the conductances seen by the following
/// <see cref="Multiply(ReadOnlySpan{float}, int, Span{float})"/> calls (drift to a time, fresh read noise, drift
/// compensation), materializing each tile's effective weights once so inference costs GEMMs.
/// Randomness is keyed by (seed, matrixId, programming epoch, tile, device block, read, call), so results do not depend
/// on the thread count. An instance is not safe for concurrent calls (it reuses buffers); it parallelizes internally,
/// calling the device model's Program and Read concurrently on different tiles' states.
/// </summary>
public sealed partial class AnalogMatrix
{
    private readonly ulong _seed;
    private readonly int _matrixId;
    private CrossbarTile[] _tiles;
    private bool _read;
    private bool _readPending;
    private ulong _readIndex;
    private ulong _nextCall;

    /// <summary>Programs <paramref name="weights"/> (k×n row-major) onto tiles of <paramref name="config"/> made of <paramref name="device"/>.</summary>
    public AnalogMatrix(ReadOnlySpan<float> weights, int inputs, int outputs, TileConfig config, DeviceModel device, ulong seed, int matrixId)
        : this(inputs, outputs, config, device, seed, matrixId)
    {
        _tiles = ProgramTiles(weights, null);
    }

    /// <summary>
    /// <paramref name="weights"/> on the devices another matrix left programmed (<paramref name="programmed"/>, its
    /// <see cref="TileStates"/>): no device is programmed again, and each tile is calibrated (drift reference, affine
    /// correction) under <paramref name="config"/>'s read-side periphery. With the seed, id, weights, device and
    /// programming fields (<see cref="TileConfig.Rows"/>, <see cref="TileConfig.Columns"/>, <see cref="TileConfig.Mapping"/>,
    /// <see cref="TileConfig.ProgramVerify"/>) the other matrix had, reads and products are bit-identical to those of a
    /// matrix programmed afresh with <paramref name="config"/>: programming draws only from those, and calibration and
    /// reads only from the devices and the read side. The device arrays are shared, not copied.
    /// </summary>
    public AnalogMatrix(ReadOnlySpan<float> weights, int inputs, int outputs, TileConfig config, DeviceModel device, ulong seed, int matrixId, IReadOnlyList<TileState> programmed)
        : this(inputs, outputs, config, device, seed, matrixId)
    {
        ArgumentNullException.ThrowIfNull(programmed);
        if (programmed.Count != TileCount)
        {
            throw new MemfluxException($"matrix {matrixId}: expected {TileCount} programmed tile states, found {programmed.Count}.");
        }

        try
        {
            _tiles = ProgramTiles(weights, programmed);
        }
        catch (AggregateException e) when (e.InnerExceptions.OfType<MemfluxException>().FirstOrDefault() is { } mismatch)
        {
            // A tile's devices do not fit (checked on the tile's own thread): the error itself, not the parallel loop's.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(mismatch).Throw();
            throw;
        }
    }

    private AnalogMatrix(int inputs, int outputs, TileConfig config, DeviceModel device, ulong seed, int matrixId)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        config.Validate();
        Inputs = inputs;
        Outputs = outputs;
        Config = config;
        Device = device;
        _seed = seed;
        _matrixId = matrixId;
        RowBlocks = (inputs + config.Rows - 1) / config.Rows;
        ColumnBlocks = (outputs + config.Columns - 1) / config.Columns;
        _tiles = [];
    }

    /// <summary>k: inputs (rows of the matrix).</summary>
    public int Inputs { get; }

    /// <summary>n: outputs (columns of the matrix).</summary>
    public int Outputs { get; }

    /// <summary>The tile configuration.</summary>
    public TileConfig Config { get; }

    /// <summary>The device every tile is made of.</summary>
    public DeviceModel Device { get; }

    /// <summary>Tile rows: ceil(k/R).</summary>
    public int RowBlocks { get; }

    /// <summary>Tile columns: ceil(n/C).</summary>
    public int ColumnBlocks { get; }

    /// <summary>Number of tiles.</summary>
    public int TileCount => RowBlocks * ColumnBlocks;

    /// <summary>
    /// The tiles, row block major: tile (rb, cb) is at rb·ColumnBlocks + cb, with the latest read's effective weights
    /// (asking for them completes a pending <see cref="Read"/>; <see cref="TileStates"/> does not).
    /// </summary>
    public IReadOnlyList<CrossbarTile> Tiles
    {
        get
        {
            CompleteRead();
            return _tiles;
        }
    }

    /// <summary>Each tile's programmed state, row block major, without completing a pending read.</summary>
    public IReadOnlyList<TileState> TileStates => [.. _tiles.Select(t => t.State)];

    /// <summary>How many times the matrix has been programmed before the current programming (0 at first); part of every key.</summary>
    public int ProgramEpoch { get; private set; }

    /// <summary>The seed this matrix's random draws derive from (with <see cref="MatrixId"/> and <see cref="ProgramEpoch"/>); the chip image stores it.</summary>
    public ulong Seed => _seed;

    /// <summary>The matrix's id within its chip, part of every random key.</summary>
    public int MatrixId => _matrixId;

    /// <summary>Multiply calls since the latest <see cref="Read"/> (each call draws its own output noise); the chip image stores it.</summary>
    public ulong CallsSinceRead => _nextCall;

    /// <summary>Upper bound on worker threads for this matrix's own loops (null: one per processor). Results never depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>The time and index of the latest <see cref="Read"/>.</summary>
    public (double TimeSeconds, ulong ReadIndex) LastRead { get; private set; }

    /// <summary>Total program operations over all devices (program-and-verify included), for the cost model.</summary>
    public long TotalProgramOperations
    {
        get
        {
            long total = 0;
            foreach (var tile in _tiles)
            {
                total += tile.State.ProgramOperations;
            }

            return total;
        }
    }

    /// <summary>
    /// Rebuilds a programmed matrix from stored tile states (see <see cref="CrossbarTile.State"/>) without re-sampling:
    /// with the same seed, id, epoch, device and configuration, reads and products are bit-identical to the original.
    /// </summary>
    public static AnalogMatrix Restore(int inputs, int outputs, TileConfig config, DeviceModel device, ulong seed, int matrixId, int programEpoch, IReadOnlyList<TileState> tiles)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        var matrix = new AnalogMatrix(inputs, outputs, config, device, seed, matrixId) { ProgramEpoch = programEpoch };
        if (tiles.Count != matrix.TileCount)
        {
            throw new MemfluxException($"matrix {matrixId}: expected {matrix.TileCount} tile states, found {tiles.Count}.");
        }

        matrix._tiles = new CrossbarTile[matrix.TileCount];
        for (int t = 0; t < matrix.TileCount; t++)
        {
            var (r0, rows, c0, columns) = matrix.Geometry(t);
            tiles[t].CheckShape(rows, columns, config.DevicesPerWeight, $"matrix {matrixId} tile {t}");
            matrix._tiles[t] = new CrossbarTile(t, r0, rows, c0, columns, matrix.TileKey(t), tiles[t]);
        }

        return matrix;
    }

    /// <summary>
    /// Repeats the read <paramref name="readIndex"/> at <paramref name="timeSeconds"/> and sets the call counter to
    /// <paramref name="callsSinceRead"/>, so that a restored matrix continues exactly where the stored one stood.
    /// </summary>
    public void RestoreRead(double timeSeconds, ulong readIndex, ulong callsSinceRead)
    {
        Read(timeSeconds, readIndex);
        _nextCall = callsSinceRead;
    }

    /// <summary>Programs new weights onto the same devices (a new epoch, so fresh programming noise); call <see cref="Read"/> again.</summary>
    public void Reprogram(ReadOnlySpan<float> weights)
    {
        ProgramEpoch++;
        _tiles = ProgramTiles(weights, null);
        _packed = [];
        _read = false;
        _readPending = false;
    }

    /// <summary>
    /// Reads every device at <paramref name="timeSeconds"/> after programming with read index <paramref name="readIndex"/>
    /// (fresh read noise per index), materializes each tile's effective weights and applies drift compensation. The
    /// devices are read when the read is first used (a product, or <see cref="Tiles"/>), not here: a read that another
    /// replaces before any use (a chip programmed, then advanced to its first time) costs nothing, and one that is used
    /// gives the same values, since the state does not change in between and every draw is keyed by the read index.
    /// </summary>
    public void Read(double timeSeconds, ulong readIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timeSeconds);
        if (!double.IsFinite(timeSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(timeSeconds), timeSeconds, "time must be finite");
        }

        _packedCurrent = false;
        LastRead = (timeSeconds, readIndex);
        _readIndex = readIndex;
        _nextCall = 0;
        _read = true;
        _readPending = true;
    }

    /// <summary>Materializes the pending read, if any (see <see cref="Read"/>).</summary>
    private void CompleteRead()
    {
        if (!_readPending)
        {
            return;
        }

        var (timeSeconds, readIndex) = LastRead;
        Parallel.For(0, _tiles.Length, Options(), t => _tiles[t].ReadEffectiveWeights(Config, Device, timeSeconds, readIndex));
        _readPending = false;
    }

    /// <summary>Programs every tile, or with <paramref name="programmed"/> takes each tile's devices from it; then calibrates.</summary>
    private unsafe CrossbarTile[] ProgramTiles(ReadOnlySpan<float> weights, IReadOnlyList<TileState>? programmed)
    {
        if (weights.Length != (long)Inputs * Outputs)
        {
            throw new ArgumentException($"expected {Inputs}×{Outputs} weights, found {weights.Length}", nameof(weights));
        }

        float clip = (float)Config.Mapping.ClipLevel(weights);
        var tiles = new CrossbarTile[TileCount];
        fixed (float* pinned = weights)
        {
            // The caller's weights are read in place (pinned for the call): a large layer is never copied whole.
            nint source = (nint)pinned;
            long length = weights.Length;
            Parallel.For(0, TileCount, Options(), t =>
            {
                var w = new ReadOnlySpan<float>((float*)source, (int)length);
                var (r0, rows, c0, columns) = Geometry(t);
                float[] buffer = ArrayPool<float>.Shared.Rent(rows * columns);
                try
                {
                    var normalized = buffer.AsSpan(0, rows * columns);
                    for (int i = 0; i < rows; i++)
                    {
                        for (int j = 0; j < columns; j++)
                        {
                            normalized[(i * columns) + j] = Math.Clamp(w[((r0 + i) * Outputs) + c0 + j], -clip, clip);
                        }
                    }

                    float[] scales = WeightScales(normalized, rows, columns);
                    for (int i = 0; i < normalized.Length; i++)
                    {
                        normalized[i] /= scales[i % columns];
                    }

                    ulong key = TileKey(t);
                    var state = programmed is null
                        ? CrossbarTile.Program(Config, Device, key, rows, columns, normalized, scales)
                        : Reused(programmed[t], t, rows, columns, scales);
                    var tile = new CrossbarTile(t, r0, rows, c0, columns, key, state);
                    tile.Calibrate(Config, Device, normalized);
                    tiles[t] = tile;
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(buffer);
                }
            });
        }

        return tiles;
    }

    /// <summary>A tile's programmed devices, checked against the tile they are to serve (same shape, same weight scales).</summary>
    private TileState Reused(TileState programmed, int tile, int rows, int columns, float[] scales)
    {
        programmed.CheckShape(rows, columns, Config.DevicesPerWeight, $"matrix {_matrixId} tile {tile}");
        if (!programmed.ColumnScales.AsSpan().SequenceEqual(scales))
        {
            throw new MemfluxException($"matrix {_matrixId} tile {tile}: the programmed devices hold other weights (their column scales differ from these weights').");
        }

        return programmed.Uncalibrated();
    }

    /// <summary>s_j: the largest clipped |w| of the tile (per tile) or of each column within the tile; 1 where all are 0.</summary>
    private float[] WeightScales(ReadOnlySpan<float> clipped, int rows, int columns)
    {
        var scales = new float[columns];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                scales[j] = Math.Max(scales[j], Math.Abs(clipped[(i * columns) + j]));
            }
        }

        if (Config.Mapping.Scaling == WeightScaling.PerTile)
        {
            Array.Fill(scales, scales.Length == 0 ? 0f : scales.Max());
        }

        for (int j = 0; j < columns; j++)
        {
            scales[j] = scales[j] > 0 ? scales[j] : 1f;
        }

        return scales;
    }

    private (int RowOffset, int Rows, int ColumnOffset, int Columns) Geometry(int tile)
    {
        int rb = tile / ColumnBlocks, cb = tile % ColumnBlocks;
        int r0 = rb * Config.Rows, c0 = cb * Config.Columns;
        return (r0, Math.Min(Config.Rows, Inputs - r0), c0, Math.Min(Config.Columns, Outputs - c0));
    }

    private ulong TileKey(int tile) => CounterRandom.Key(_seed, (ulong)(uint)_matrixId, (ulong)ProgramEpoch, (ulong)tile);

    private ParallelOptions Options() => new() { MaxDegreeOfParallelism = MaxDegreeOfParallelism ?? -1 };
}
