using System.Buffers;
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

    private float[]? _effective;

    internal CrossbarTile(int index, int rowOffset, int rows, int columnOffset, int columns, ulong key, TileState state)
    {
        Index = index;
        RowOffset = rowOffset;
        Rows = rows;
        ColumnOffset = columnOffset;
        Columns = columns;
        Key = key;
        State = state;
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

    /// <summary>
    /// Effective normalized weights Ŵ (Rows×Columns, row-major) of the latest read. The tile keeps only Ŵᵀ, what its
    /// products use; this view is transposed from it on first use after each read (for inspection and tests).
    /// </summary>
    public ReadOnlySpan<float> EffectiveWeights
    {
        get
        {
            if (_effective is null)
            {
                var w = new float[Rows * Columns];
                for (int i = 0; i < Rows; i++)
                {
                    for (int j = 0; j < Columns; j++)
                    {
                        w[(i * Columns) + j] = WeightsTransposed[(j * Rows) + i];
                    }
                }

                _effective = w;
            }

            return _effective;
        }
    }

    /// <summary>Drift-compensation factor α_j per column of the latest read (1 without compensation).</summary>
    public ReadOnlySpan<float> DriftFactors => DriftFactor;

    internal ulong Key { get; }

    /// <summary>Ŵᵀ (Columns×Rows) of the latest read: the left operand of the transposed product yᵀ = Ŵᵀ·x̂ᵀ.</summary>
    internal float[] WeightsTransposed { get; }

    /// <summary>a_j·α_j·s_j: multiplies the ADC output.</summary>
    internal float[] ColumnFactor { get; }

    /// <summary>b_j·s_j: added after the gain, before the input scale.</summary>
    internal float[] ColumnBias { get; }

    internal float[] DriftFactor { get; }

    internal ulong ReadKey(int block, ulong stream) => CounterRandom.Key(Key, (ulong)block, stream, StreamRead);

    /// <summary>
    /// A read: Ŵ of every device at <paramref name="timeSeconds"/> (read stream 0, <paramref name="readIndex"/>), the
    /// column factors, and Ŵᵀ, which is all the tile keeps of it (Ŵ itself lives in a pooled buffer for the call).
    /// </summary>
    internal void ReadEffectiveWeights(TileConfig config, DeviceModel device, double timeSeconds, ulong readIndex)
    {
        int n = Rows * Columns;
        float[] weights = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var w = weights.AsSpan(0, n);
            Materialize(config, device, timeSeconds, 0, readIndex, w);
            SetColumnFactors(config, readIndex, w);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(weights);
        }
    }

    /// <summary>
    /// Reads every device and writes Ŵ = Σ_p sign_p σ_p M_p / (g_max Σσ) into <paramref name="destination"/> (Rows×Columns);
    /// with <paramref name="programmed"/>, M_p is each device's conductance right after programming (stuck devices at
    /// their stuck value), without drift or read noise, and the time and read arguments are unused.
    /// </summary>
    internal void Materialize(TileConfig config, DeviceModel device, double timeSeconds, ulong readStream, ulong readIndex, Span<float> destination, bool programmed = false)
    {
        int blocks = config.DevicesPerWeight, n = Rows * Columns;
        double norm = device.GMaxMicroSiemens * config.Mapping.TotalSignificance;
        destination.Clear();
        if (!config.IrDrop.Enabled)
        {
            float[] pooled = ArrayPool<float>.Shared.Rent(n);
            try
            {
                var buffer = pooled.AsSpan(0, n);
                for (int p = 0; p < blocks; p++)
                {
                    ReadBlock(device, p, timeSeconds, readStream, readIndex, buffer, programmed);
                    TensorPrimitives.MultiplyAdd(buffer, Coefficient(config, p, norm), destination, destination);
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(pooled);
            }

            return;
        }

        MaterializeWithIrDrop(config, device, timeSeconds, readStream, readIndex, destination, norm, programmed);
    }

    /// <summary>Device block <paramref name="p"/> as read (drift, read noise) or as programmed, into <paramref name="buffer"/>.</summary>
    private void ReadBlock(DeviceModel device, int p, double timeSeconds, ulong readStream, ulong readIndex, Span<float> buffer, bool programmed)
    {
        if (programmed)
        {
            State.Devices[p].CopyProgrammed(0, buffer[..State.Devices[p].Count]);
        }
        else
        {
            device.Read(State.Devices[p], timeSeconds, ReadKey(p, readStream), readIndex, buffer);
        }
    }

    private void MaterializeWithIrDrop(TileConfig config, DeviceModel device, double timeSeconds, ulong readStream, ulong readIndex, Span<float> destination, double norm, bool programmed)
    {
        int blocks = config.DevicesPerWeight, n = Rows * Columns;
        var buffer = new float[n];

        // IR drop acts on the physical array: weight column j occupies physical columns j·P + p.
        int physicalColumns = Columns * blocks;
        var physical = new float[n * blocks];
        for (int p = 0; p < blocks; p++)
        {
            ReadBlock(device, p, timeSeconds, readStream, readIndex, buffer, programmed);
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
    internal void DriftReadout(TileConfig config, ReadOnlySpan<float> weights, ulong noiseKey, Span<float> readout)
    {
        float[] pooled = ArrayPool<float>.Shared.Rent(2 * weights.Length);
        try
        {
            DriftReadoutCore(config, weights, noiseKey, readout, pooled.AsSpan(0, weights.Length), pooled.AsSpan(weights.Length, weights.Length));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pooled);
        }
    }

    private void DriftReadoutCore(TileConfig config, ReadOnlySpan<float> weights, ulong noiseKey, Span<float> readout, Span<float> outputs, Span<float> scratch)
    {
        weights.CopyTo(outputs);
        ApplyReadoutInputTerms(config, weights, outputs, noiseKey, scratch);
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
    /// The input-dependent read terms (<see cref="TileConfig.AihwkitIrDrop"/>, <see cref="TileConfig.ReadWeightNoise"/>)
    /// for the one-hot reference inputs, in place on <paramref name="outputs"/> (a copy of <paramref name="weights"/>, Ŵ, Rows×Columns): row i at full scale
    /// gives output j the drop s·c((n/g)·|Ŵ_ij|)·Ŵ_ij·(1 − (1 − i/n)²) and the noise σ_w·√|Ŵ_ij|·ξ (counters after the
    /// output noise's), as the forward pass gives them for x̂ = e_i.
    /// </summary>
    private void ApplyReadoutInputTerms(TileConfig config, ReadOnlySpan<float> weights, Span<float> outputs, ulong noiseKey, Span<float> scratch)
    {
        var ir = config.AihwkitIrDrop;
        if (ir.Enabled)
        {
            double toA = Rows / ir.WireToDeviceConductance;
            for (int i = 0; i < Rows; i++)
            {
                float position = AihwkitIrDrop.PositionWeight(i, Rows);
                for (int j = 0; j < Columns; j++)
                {
                    float w = outputs[(i * Columns) + j];
                    outputs[(i * Columns) + j] = w - (float)(ir.Scale * AihwkitIrDrop.Polynomial(toA * Math.Abs(w)) * w * position);
                }
            }
        }

        if (config.ReadWeightNoise > 0)
        {
            GaussianNoise.Fill(noiseKey, (ulong)outputs.Length, scratch);
            for (int p = 0; p < outputs.Length; p++)
            {
                outputs[p] += (float)config.ReadWeightNoise * MathF.Sqrt(Math.Abs(weights[p])) * scratch[p];
            }
        }
    }

    /// <summary>
    /// Sets the drift factors α_j = r_ref,j / r_j(t), the column factors a_j·α_j·s_j, b_j·s_j and Ŵᵀ (every read calls
    /// it right after materializing Ŵ).
    /// </summary>
    internal void SetColumnFactors(TileConfig config, ulong readIndex, ReadOnlySpan<float> weights)
    {
        _effective = null;
        if (config.DriftCompensation == DriftCompensation.None)
        {
            Array.Fill(DriftFactor, 1f);
        }
        else
        {
            Span<float> readout = Columns <= 1024 ? stackalloc float[Columns] : new float[Columns];
            DriftReadout(config, weights, CounterRandom.Key(Key, readIndex, 0, StreamDriftReadout), readout);
            TensorPrimitives.Divide(State.DriftReference, readout, DriftFactor);
        }

        TensorPrimitives.Multiply(State.AffineGain, DriftFactor, ColumnFactor);
        TensorPrimitives.Multiply(ColumnFactor, State.ColumnScales, ColumnFactor);
        TensorPrimitives.Multiply(State.AffineOffset, State.ColumnScales, ColumnBias);
        for (int i = 0; i < Rows; i++)
        {
            for (int j = 0; j < Columns; j++)
            {
                WeightsTransposed[(j * Rows) + i] = weights[(i * Columns) + j];
            }
        }
    }
}
