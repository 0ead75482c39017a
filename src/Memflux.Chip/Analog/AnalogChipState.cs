using Memflux.Tiles;

namespace Memflux.Chip.Analog;

/// <summary>
/// Everything that makes a programmed <see cref="AnalogChip"/> what it is, beyond its graph and preset: the seed, the
/// chip's time and counters, and every layer's programmed matrices. <see cref="AnalogChip.Restore"/> rebuilds the chip
/// from it without re-sampling; the chip image stores it.
/// </summary>
/// <param name="Seed">The chip's seed.</param>
/// <param name="TimeSeconds">Chip time (s).</param>
/// <param name="ReadCount">Reads taken so far.</param>
/// <param name="ProgrammingCount">Programming operations (whole chip or one layer) so far.</param>
/// <param name="Layers">Each analog layer, in graph order.</param>
public sealed record AnalogChipState(ulong Seed, double TimeSeconds, ulong ReadCount, ulong ProgrammingCount, IReadOnlyList<AnalogLayerState> Layers);

/// <summary>One analog layer's programmed state.</summary>
/// <param name="Key">The layer's key (its node's first output name).</param>
/// <param name="ProgrammedAtSeconds">Chip time at which it was last programmed.</param>
/// <param name="Matrices">One per weight matrix (convolution group).</param>
public sealed record AnalogLayerState(string Key, double ProgrammedAtSeconds, IReadOnlyList<AnalogMatrixState> Matrices);

/// <summary>One programmed matrix: its random keys, its latest read, and its tiles' device state.</summary>
/// <param name="Seed">The matrix seed (<see cref="AnalogMatrix.Seed"/>).</param>
/// <param name="MatrixId">The matrix id (<see cref="AnalogMatrix.MatrixId"/>).</param>
/// <param name="ProgramEpoch">The programming epoch (<see cref="AnalogMatrix.ProgramEpoch"/>).</param>
/// <param name="Inputs">k: rows of the matrix.</param>
/// <param name="Outputs">n: columns of the matrix.</param>
/// <param name="LastReadTimeSeconds">Time since programming of the latest read.</param>
/// <param name="LastReadIndex">Index of the latest read.</param>
/// <param name="CallsSinceRead">Multiply calls since that read.</param>
/// <param name="Tiles">Each tile's state, row block major.</param>
public sealed record AnalogMatrixState(
    ulong Seed,
    int MatrixId,
    int ProgramEpoch,
    int Inputs,
    int Outputs,
    double LastReadTimeSeconds,
    ulong LastReadIndex,
    ulong CallsSinceRead,
    IReadOnlyList<TileState> Tiles);
