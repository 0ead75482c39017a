using Memflux.Devices;

namespace Memflux.Tiles;

/// <summary>
/// Everything programming left behind on one tile, enough to rebuild it bit for bit without re-sampling (the chip
/// image stores this): the devices, their program-and-verify counts, the weight scales, the affine correction and the
/// drift-compensation reference. Reads never change it.
/// </summary>
public sealed class TileState
{
    private readonly DeviceState[] _devices;
    private readonly byte[]?[] _programIterations;

    /// <summary>Wraps programmed tile state; arrays are kept, not copied.</summary>
    /// <param name="devices">One block per device role p = 2·slice + polarity (0: G⁺, 1: G⁻); device i·C + j is row i, column j.</param>
    /// <param name="programIterations">Program operations per device (≥ 1), same layout as <paramref name="devices"/>; a null block: every device of it was programmed once (no array is kept).</param>
    /// <param name="columnScales">Weight scale s_j of each column (the weight that maps to g_max).</param>
    /// <param name="affineGain">Per-column gain a_j of the digital affine correction (1 when off).</param>
    /// <param name="affineOffset">Per-column offset b_j, normalized output units (0 when off).</param>
    /// <param name="driftReference">Reference readout r_ref,j per column (the tile's one value repeated for global compensation).</param>
    public TileState(DeviceState[] devices, byte[]?[] programIterations, float[] columnScales, float[] affineGain, float[] affineOffset, float[] driftReference)
    {
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentNullException.ThrowIfNull(programIterations);
        ArgumentNullException.ThrowIfNull(columnScales);
        ArgumentNullException.ThrowIfNull(affineGain);
        ArgumentNullException.ThrowIfNull(affineOffset);
        ArgumentNullException.ThrowIfNull(driftReference);
        _devices = devices;
        _programIterations = programIterations;
        ColumnScales = columnScales;
        AffineGain = affineGain;
        AffineOffset = affineOffset;
        DriftReference = driftReference;
    }

    /// <summary>Device blocks, index p = 2·slice + polarity.</summary>
    public IReadOnlyList<DeviceState> Devices => _devices;

    /// <summary>
    /// Program operations per device (1 = programmed once), per block. A block whose devices were all programmed once
    /// keeps no array (<see cref="IsProgrammedOnce"/>): its entry here is a new array of ones on every call.
    /// </summary>
    public IReadOnlyList<byte[]> ProgramIterations =>
        [.. _programIterations.Select((counts, p) => counts ?? Ones(Devices[p].Count))];

    /// <summary>Total program operations over the tile's devices.</summary>
    public long ProgramOperations
    {
        get
        {
            long total = 0;
            for (int p = 0; p < _programIterations.Length; p++)
            {
                if (_programIterations[p] is not { } counts)
                {
                    total += Devices[p].Count;
                    continue;
                }

                foreach (byte c in counts)
                {
                    total += c;
                }
            }

            return total;
        }
    }

    /// <summary>Devices on the tile, over all blocks.</summary>
    public long DeviceCount => Devices.Sum(d => (long)d.Count);

    /// <summary>Whether every device of block <paramref name="block"/> was programmed once (no verify round).</summary>
    public bool IsProgrammedOnce(int block) => _programIterations[block] is null;

    /// <summary>Weight scale s_j per column.</summary>
    public float[] ColumnScales { get; }

    /// <summary>Affine gain a_j per column.</summary>
    public float[] AffineGain { get; }

    /// <summary>Affine offset b_j per column.</summary>
    public float[] AffineOffset { get; }

    /// <summary>Drift-compensation reference r_ref,j per column.</summary>
    public float[] DriftReference { get; }

    /// <summary>
    /// The state programming leaves before <see cref="CrossbarTile.Calibrate"/> runs: the devices, their program counts
    /// and the weight scales, with the calibration values neutral (affine gain 1, offset 0, drift reference 1).
    /// </summary>
    internal static TileState Uncalibrated(DeviceState[] devices, byte[]?[] programIterations, float[] columnScales)
    {
        var ones = new float[columnScales.Length];
        Array.Fill(ones, 1f);
        return new TileState(devices, programIterations, columnScales, (float[])ones.Clone(), new float[columnScales.Length], ones);
    }

    /// <summary>
    /// This tile's devices, program counts and weight scales (shared, not copied: reads and calibration never change
    /// them) with fresh neutral calibration values, for a calibration under another read-side periphery.
    /// </summary>
    internal TileState Uncalibrated() => Uncalibrated(_devices, _programIterations, ColumnScales);

    internal void CheckShape(int rows, int columns, int blocks, string where)
    {
        bool ok = Devices.Count == blocks && _programIterations.Length == blocks
            && ColumnScales.Length == columns && AffineGain.Length == columns && AffineOffset.Length == columns && DriftReference.Length == columns;
        for (int p = 0; ok && p < blocks; p++)
        {
            ok = Devices[p].Count == rows * columns && (_programIterations[p] is null || _programIterations[p]!.Length == rows * columns);
        }

        if (!ok)
        {
            throw new Numerics.MemfluxException($"{where}: expected {blocks} device blocks of {rows}×{columns} devices and {columns} values per column array; the stored tile state does not match.");
        }
    }

    private static byte[] Ones(int count)
    {
        var ones = new byte[count];
        Array.Fill(ones, (byte)1);
        return ones;
    }
}
