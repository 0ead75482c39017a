using System.Numerics.Tensors;
using Memflux.Devices;
using Memflux.Numerics;

namespace Memflux.Tiles;

/// <summary>
/// One R×C crossbar tile of an <see cref="AnalogMatrix"/>: rows [RowOffset, RowOffset + Rows) of the weight matrix
/// onto columns [ColumnOffset, ColumnOffset + Columns). Holds its programmed <see cref="State"/> and, after a read,
/// the effective normalized weights Ŵ (what the GEMM multiplies) and the per-column digital factors.
/// </summary>
public sealed partial class CrossbarTile
{
    internal const ulong StreamProgram = 1, StreamRead = 2, StreamOutputNoise = 3, StreamDriftReadout = 4, StreamCalibration = 5;

    /// <summary>aihwkit's floor on drift readouts (<c>GlobalDriftCompensation.readout</c> clamps at 1e-4).</summary>
    internal const float ReadoutFloor = 1e-4f;

    internal CrossbarTile(int index, int rowOffset, int rows, int columnOffset, int columns, ulong key, TileState state)
    {
        Index = index;
        RowOffset = rowOffset;
        Rows = rows;
        ColumnOffset = columnOffset;
        Columns = columns;
        Key = key;
        State = state;
        Weights = new float[rows * columns];
        WeightsTransposed = new float[rows * columns];
        ColumnFactor = new float[columns];
        ColumnBias = new float[columns];
        DriftFactor = new float[columns];
    }

    /// <summary>Tile index (row block major).</summary>
    public int Index { get; }

    /// <summary>First weight-matrix row (input) on this tile.</summary>
    public int RowOffset { get; }

    /// <summary>Rows used.</summary>
    public int Rows { get; }

    /// <summary>First weight-matrix column (output) on this tile.</summary>
    public int ColumnOffset { get; }

    /// <summary>Columns used.</summary>
    public int Columns { get; }

    /// <summary>The programmed state.</summary>
    public TileState State { get; internal set; }

    /// <summary>Effective normalized weights Ŵ (Rows×Columns) of the latest read.</summary>
    public ReadOnlySpan<float> EffectiveWeights => Weights;

    /// <summary>Drift-compensation factor α_j per column of the latest read (1 without compensation).</summary>
    public ReadOnlySpan<float> DriftFactors => DriftFactor;

    internal ulong Key { get; }

    internal float[] Weights { get; }

    /// <summary>Ŵᵀ (Columns×Rows) of the latest read: the left operand of the transposed product yᵀ = Ŵᵀ·x̂ᵀ.</summary>
    internal float[] WeightsTransposed { get; }

    /// <summary>a_j·α_j·s_j: multiplies the ADC output.</summary>
    internal float[] ColumnFactor { get; }

    /// <summary>b_j·s_j: added after the gain, before the input scale.</summary>
    internal float[] ColumnBias { get; }

    internal float[] DriftFactor { get; }

    internal ulong ReadKey(int block, ulong stream) => CounterRandom.Key(Key, (ulong)block, stream, StreamRead);

    /// <summary>Reads every device and writes Ŵ = Σ_p sign_p σ_p M_p / (g_max Σσ) into <paramref name="destination"/>.</summary>
    internal void Materialize(TileConfig config, DeviceModel device, double timeSeconds, ulong readStream, ulong readIndex, float[] destination)
    {
        int blocks = config.DevicesPerWeight, n = Rows * Columns;
        double norm = device.GMaxMicroSiemens * config.Mapping.TotalSignificance;
        var buffer = new float[n];
        Array.Clear(destination);
        if (!config.IrDrop.Enabled)
        {
            for (int p = 0; p < blocks; p++)
            {
                device.Read(State.Devices[p], timeSeconds, ReadKey(p, readStream), readIndex, buffer);
                TensorPrimitives.MultiplyAdd(buffer, Coefficient(config, p, norm), destination, destination);
            }

            return;
        }

        // IR drop acts on the physical array: weight column j occupies physical columns j·P + p.
        int physicalColumns = Columns * blocks;
        var physical = new float[n * blocks];
        for (int p = 0; p < blocks; p++)
        {
            device.Read(State.Devices[p], timeSeconds, ReadKey(p, readStream), readIndex, buffer);
            for (int i = 0; i < n; i++)
            {
                physical[(i * blocks) + p] = buffer[i];
            }
        }

        var effective = new float[physical.Length];
        IrDrop.FirstOrderCore(physical, Rows, physicalColumns, config.IrDrop.WireResistanceOhms * 1e-6, effective);
        for (int p = 0; p < blocks; p++)
        {
            float c = Coefficient(config, p, norm);
            for (int i = 0; i < n; i++)
            {
                destination[i] += c * effective[(i * blocks) + p];
            }
        }
    }

    private static float Coefficient(TileConfig config, int block, double norm) =>
        (float)((block % 2 == 0 ? 1 : -1) * config.Mapping.Significance(block / 2) / norm);

    /// <summary>
    /// The drift readout r: the one-hot reference inputs (each row at full scale in turn) give column j the outputs
    /// ADC(Ŵ_ij + σ_out ξ); r_j = mean_i |·| (per column) or the mean over the whole tile (global), floored at 1e-4.
    /// </summary>
    internal void DriftReadout(TileConfig config, float[] weights, ulong noiseKey, Span<float> readout)
    {
        var outputs = (float[])weights.Clone();
        var scratch = new float[outputs.Length];
        if (config.OutputNoise > 0)
        {
            GaussianNoise.Add(noiseKey, 0, (float)config.OutputNoise, outputs, scratch);
        }

        config.Adc.Convert(outputs, scratch);
        TensorPrimitives.Abs(outputs, outputs);
        var sums = new double[Columns];
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Columns; j++)
            {
                sums[j] += outputs[(i * Columns) + j];
            }
        }

        double total = 0;
        foreach (double s in sums)
        {
            total += s;
        }

        for (int j = 0; j < Columns; j++)
        {
            double r = config.DriftCompensation == DriftCompensation.PerColumn ? sums[j] / Rows : total / ((double)Rows * Columns);
            readout[j] = Math.Max((float)r, ReadoutFloor);
        }
    }

    /// <summary>
    /// Sets the drift factors α_j = r_ref,j / r_j(t), the column factors a_j·α_j·s_j, b_j·s_j and Ŵᵀ (every read calls
    /// it right after materializing Ŵ).
    /// </summary>
    internal void SetColumnFactors(TileConfig config, ulong readIndex)
    {
        if (config.DriftCompensation == DriftCompensation.None)
        {
            Array.Fill(DriftFactor, 1f);
        }
        else
        {
            var readout = new float[Columns];
            DriftReadout(config, Weights, CounterRandom.Key(Key, readIndex, 0, StreamDriftReadout), readout);
            TensorPrimitives.Divide(State.DriftReference, readout, DriftFactor);
        }

        TensorPrimitives.Multiply(State.AffineGain, DriftFactor, ColumnFactor);
        TensorPrimitives.Multiply(ColumnFactor, State.ColumnScales, ColumnFactor);
        TensorPrimitives.Multiply(State.AffineOffset, State.ColumnScales, ColumnBias);
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Columns; j++)
            {
                WeightsTransposed[(j * Rows) + i] = Weights[(i * Columns) + j];
            }
        }
    }
}
