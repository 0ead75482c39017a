using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Memflux.Devices;
using Memflux.Numerics;

namespace Memflux.Tiles;

public sealed partial class CrossbarTile
{
    /// <summary>
    /// Programs normalized targets ŵ (Rows×Columns, in [−1, 1]) slice by slice. Slice s gets
    /// d_s = clamp((ŵ·Σσ − Σ_{s'&lt;s} σ_s' d̃_s') / Σ_{s'≥s} σ_s', −1, 1), where d̃ is what the earlier slices actually
    /// hold after programming (read back, as in multi-device programming that writes the residual error of the
    /// more significant devices on the less significant ones), so with ideal devices every slice holds ŵ.
    /// </summary>
    internal static TileState Program(TileConfig config, DeviceModel device, ulong key, int rows, int columns, ReadOnlySpan<float> normalized, float[] columnScales)
    {
        int n = rows * columns, slices = config.Mapping.SlicesPerWeight;
        double gMax = device.GMaxMicroSiemens, total = config.Mapping.TotalSignificance;
        var devices = new DeviceState[2 * slices];
        var iterations = new byte[]?[2 * slices];
        bool verify = config.ProgramVerify.MaxIterations > 0;
        byte[] once = verify ? [] : ArrayPool<byte>.Shared.Rent(n);
        double[] heldPool = ArrayPool<double>.Shared.Rent(n);
        float[] targetPool = ArrayPool<float>.Shared.Rent(2 * n);
        var held = heldPool.AsSpan(0, n); // Σ_{s'<s} σ_s' d̃_s'
        held.Clear();
        var plus = targetPool.AsSpan(0, n);
        var minus = targetPool.AsSpan(n, n);
        for (int s = 0; s < slices; s++)
        {
            double remaining = 0;
            for (int r = s; r < slices; r++)
            {
                remaining += config.Mapping.Significance(r);
            }

            SliceTargets(normalized, held, total, remaining, gMax, plus, minus);

            for (int polarity = 0; polarity < 2; polarity++)
            {
                int block = (2 * s) + polarity;
                devices[block] = new DeviceState(n, device.StateResolution);
                iterations[block] = verify ? new byte[n] : null; // without verify every device is programmed once
                config.ProgramVerify.Run(
                    device,
                    polarity == 0 ? plus : minus,
                    devices[block],
                    iteration => CounterRandom.Key(key, (ulong)block, (ulong)iteration, StreamProgram),
                    iterations[block] ?? once.AsSpan(0, n));
            }

            if (s + 1 < slices)
            {
                // The next slices are programmed against what this one holds (its devices as programmed).
                devices[2 * s].CopyProgrammed(0, plus);
                devices[(2 * s) + 1].CopyProgrammed(0, minus);
                AddHeld(held, config.Mapping.Significance(s), plus, minus, gMax);
            }
        }

        if (!verify)
        {
            ArrayPool<byte>.Shared.Return(once);
        }

        ArrayPool<double>.Shared.Return(heldPool);
        ArrayPool<float>.Shared.Return(targetPool);
        return TileState.Uncalibrated(devices, iterations, columnScales);
    }

    /// <summary>
    /// d = clamp((ŵ·Σσ − held)/remaining, −1, 1) per weight, split into the G⁺ target max(d, 0)·g_max and the G⁻ target
    /// max(−d, 0)·g_max (µS), four weights at a time in double precision as the scalar tail computes them.
    /// </summary>
    private static void SliceTargets(ReadOnlySpan<float> normalized, ReadOnlySpan<double> held, double total, double remaining, double gMax, Span<float> plus, Span<float> minus)
    {
        int n = normalized.Length, i = 0;
        Vector256<double> vTotal = Vector256.Create(total), vRemaining = Vector256.Create(remaining), vGMax = Vector256.Create(gMax);
        Vector256<double> one = Vector256<double>.One, zero = Vector256<double>.Zero;
        for (; i <= n - 8; i += 8)
        {
            Vector256<float> w = Vector256.Create(normalized.Slice(i, 8));
            (Vector256<double> low, Vector256<double> high) = Vector256.Widen(w);
            Vector256<double> dLow = Vector256.Min(Vector256.Max(((low * vTotal) - Vector256.Create(held.Slice(i, 4))) / vRemaining, -one), one);
            Vector256<double> dHigh = Vector256.Min(Vector256.Max(((high * vTotal) - Vector256.Create(held.Slice(i + 4, 4))) / vRemaining, -one), one);
            Vector256.Narrow(Vector256.Max(dLow, zero) * vGMax, Vector256.Max(dHigh, zero) * vGMax).CopyTo(plus.Slice(i, 8));
            Vector256.Narrow(Vector256.Max(-dLow, zero) * vGMax, Vector256.Max(-dHigh, zero) * vGMax).CopyTo(minus.Slice(i, 8));
        }

        for (; i < n; i++)
        {
            double d = Math.Clamp(((normalized[i] * total) - held[i]) / remaining, -1.0, 1.0);
            plus[i] = (float)(Math.Max(d, 0) * gMax);
            minus[i] = (float)(Math.Max(-d, 0) * gMax);
        }
    }

    /// <summary>held[i] += σ_s·(G⁺ − G⁻)/g_max (the difference in single precision, the rest in double, as the scalar tail).</summary>
    private static void AddHeld(Span<double> held, double sigma, ReadOnlySpan<float> gPlus, ReadOnlySpan<float> gMinus, double gMax)
    {
        int n = held.Length, i = 0;
        Vector256<double> vSigma = Vector256.Create(sigma), vGMax = Vector256.Create(gMax);
        for (; i <= n - 8; i += 8)
        {
            (Vector256<double> low, Vector256<double> high) = Vector256.Widen(Vector256.Create(gPlus.Slice(i, 8)) - Vector256.Create(gMinus.Slice(i, 8)));
            ((vSigma * low / vGMax) + Vector256.Create(held.Slice(i, 4))).CopyTo(held.Slice(i, 4));
            ((vSigma * high / vGMax) + Vector256.Create(held.Slice(i + 4, 4))).CopyTo(held.Slice(i + 4, 4));
        }

        for (; i < n; i++)
        {
            held[i] += sigma * (gPlus[i] - gMinus[i]) / gMax;
        }
    }

    /// <summary>
    /// After programming: a reference read (t = 0, its own read stream) gives the drift reference r_ref (or, with
    /// <see cref="DriftReference.ProgrammedWeights"/>, the programmed conductances without read noise do) and, if
    /// enabled, the per-column affine correction: for N keyed calibration inputs X uniform in [−1, 1] (DAC-quantized),
    /// y_P = ADC(X·Ŵ + noise) and y_T = X·ŵ; a_j, b_j minimize Σ (a_j y_P + b_j − y_T)².
    /// </summary>
    internal void Calibrate(TileConfig config, DeviceModel device, ReadOnlySpan<float> normalized)
    {
        int n = Rows * Columns, count = config.AffineCorrection ? config.AffineCalibrationVectors : 0;
        int xLength = count * Rows, yLength = count * Columns;
        float[] pooled = ArrayPool<float>.Shared.Rent(n + xLength + (3 * yLength));
        try
        {
            var buffer = pooled.AsSpan();
            var reference = buffer[..n];
            Materialize(config, device, 0.0, 1, 0, reference);
            if (config.DriftCompensation != DriftCompensation.None)
            {
                ulong readoutKey = CounterRandom.Key(Key, 0, 1, StreamDriftReadout);
                if (config.DriftReference == DriftReference.ProgrammedWeights)
                {
                    // The affine fit below keeps the read: it calibrates what the periphery measures.
                    float[] programmed = ArrayPool<float>.Shared.Rent(n);
                    try
                    {
                        Materialize(config, device, 0.0, 1, 0, programmed.AsSpan(0, n), programmed: true);
                        DriftReadout(config, programmed.AsSpan(0, n), readoutKey, State.DriftReference);
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(programmed);
                    }
                }
                else
                {
                    DriftReadout(config, reference, readoutKey, State.DriftReference);
                }
            }

            if (count == 0)
            {
                return;
            }

            var x = buffer.Slice(n, xLength);
            ulong inputKey = CounterRandom.Key(Key, 0, 0, StreamCalibration);
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (2f * CounterRandom.Uniform(inputKey, (ulong)i)) - 1f;
            }

            Quantizer.QuantizeCore(x, x, config.Dac.Bits, (float)config.Dac.InputRange);
            var measured = buffer.Slice(n + xLength, yLength);
            var target = buffer.Slice(n + xLength + yLength, yLength);
            Gemm.Multiply(x, reference, measured, count, Columns, Rows);
            Gemm.Multiply(x, normalized, target, count, Columns, Rows);
            ConvertOutputs(config, measured, 0, CounterRandom.Key(Key, 0, 1, StreamCalibration), buffer.Slice(n + xLength + (2 * yLength), yLength));
            FitAffine(measured, target, count, Columns, State.AffineGain, State.AffineOffset);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(pooled);
        }
    }

    /// <summary>Least squares per column j of target ≈ a_j·measured + b_j (a = 1, b = mean difference if measured is constant).</summary>
    internal static void FitAffine(ReadOnlySpan<float> measured, ReadOnlySpan<float> target, int count, int columns, Span<float> gain, Span<float> offset)
    {
        for (int j = 0; j < columns; j++)
        {
            double mx = 0, my = 0;
            for (int r = 0; r < count; r++)
            {
                mx += measured[(r * columns) + j];
                my += target[(r * columns) + j];
            }

            mx /= count;
            my /= count;
            double sxx = 0, sxy = 0;
            for (int r = 0; r < count; r++)
            {
                double dx = measured[(r * columns) + j] - mx;
                sxx += dx * dx;
                sxy += dx * (target[(r * columns) + j] - my);
            }

            double a = sxx > 0 ? sxy / sxx : 1.0;
            gain[j] = (float)a;
            offset[j] = (float)(my - (a * mx));
        }
    }

    /// <summary>
    /// Output noise and the ADC on row-major outputs (rows from <paramref name="firstRow"/>), in place, the noise of
    /// (row, column) at counter row·Columns + column of <paramref name="noiseKey"/> (calibration reads; inference finishes
    /// columns with <see cref="FinishOutputColumn"/>); <paramref name="scratch"/> holds at least outputs.Length values.
    /// </summary>
    internal void ConvertOutputs(TileConfig config, Span<float> outputs, int firstRow, ulong noiseKey, Span<float> scratch)
    {
        float sigma = (float)config.OutputNoise;
        if (sigma > 0)
        {
            GaussianNoise.Add(noiseKey, (ulong)firstRow * (ulong)Columns, sigma, outputs, scratch);
        }

        config.Adc.Convert(outputs, scratch);
    }

    /// <summary>The output-noise counter of input vector (row) <paramref name="row"/> of a call at tile column <paramref name="column"/>: column·2³² + row.</summary>
    internal static ulong OutputNoiseCounter(int row, int column) => ((ulong)(uint)column << 32) + (uint)row;

    /// <summary>
    /// Output noise, ADC, then the column's digital factor and offset on one column of the transposed outputs:
    /// <paramref name="outputs"/>[i] (row <paramref name="firstRow"/> + i of column <paramref name="column"/>) becomes
    /// ADC(y + σ·ξ)·a_j + b_j, ξ at <see cref="OutputNoiseCounter"/>(row, column) (a column's rows are consecutive
    /// counters, so they share hashes four at a time). Without an ADC nonlinearity the stages run as one vector pass (same
    /// bits as separate passes).
    /// <paramref name="scratch"/> holds outputs.Length values.
    /// </summary>
    internal void FinishOutputColumn(TileConfig config, Span<float> outputs, int column, int firstRow, ulong noiseKey, Span<float> scratch)
    {
        float sigma = (float)config.OutputNoise;
        var xi = scratch[..outputs.Length];
        if (sigma > 0)
        {
            GaussianNoise.Fill(noiseKey, OutputNoiseCounter(firstRow, column), xi);
        }

        var adc = config.Adc;
        if (adc.Nonlinearity == 0)
        {
            new ColumnFinish(sigma, adc.Bits, (float)adc.Range).Apply(outputs, xi, ColumnFactor[column], ColumnBias[column]);
            return;
        }

        if (sigma > 0)
        {
            TensorPrimitives.MultiplyAdd(xi, sigma, outputs, outputs);
        }

        adc.Convert(outputs, scratch);
        TensorPrimitives.Multiply(outputs, ColumnFactor[column], outputs);
        TensorPrimitives.Add(outputs, ColumnBias[column], outputs);
    }

    /// <summary>
    /// <see cref="FinishOutputColumn"/> on every column of the transposed outputs of <paramref name="count"/> input
    /// vectors (column j at [j·count, +count), overwritten), then each value times its vector's α_x added into
    /// <paramref name="y"/> (column j at [j·<paramref name="ldy"/>, +count)) as <c>TensorPrimitives.MultiplyAdd</c>
    /// does, or written as o·α + 0 when <paramref name="overwrite"/>: the same bits as the separate passes, with the
    /// stages' constants computed once. <paramref name="scratch"/> holds <paramref name="count"/> values.
    /// </summary>
    internal void FinishOutputColumns(TileConfig config, Span<float> outputs, int count, int firstRow, ulong noiseKey, ReadOnlySpan<float> alpha, Span<float> y, int ldy, bool overwrite, Span<float> scratch)
    {
        float sigma = (float)config.OutputNoise;
        var adc = config.Adc;
        var finish = new ColumnFinish(sigma, adc.Bits, (float)adc.Range);
        var xi = scratch[..count];

        // Whole hash groups from 32 values on: the noise is drawn as the finish uses it.
        bool fused = sigma > 0 && GaussianNoise.FusedSamples && count % 32 == 0 && firstRow % 4 == 0;
        for (int j = 0; j < Columns; j++)
        {
            var column = outputs.Slice(j * count, count);
            var target = y.Slice(j * ldy, count);
            if (adc.Nonlinearity != 0)
            {
                FinishOutputColumn(config, column, j, firstRow, noiseKey, scratch);
                if (overwrite)
                {
                    TensorPrimitives.MultiplyAdd(column, alpha, 0f, target);
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(column, alpha, target, target);
                }

                continue;
            }

            ulong counter = OutputNoiseCounter(firstRow, j);
            if (fused)
            {
                finish.ApplyScaledWithNoise(column, noiseKey, counter / 4, ColumnFactor[j], ColumnBias[j], alpha, target, overwrite);
                continue;
            }

            if (sigma > 0)
            {
                GaussianNoise.Fill(noiseKey, counter, xi);
            }

            finish.ApplyScaled(column, xi, ColumnFactor[j], ColumnBias[j], alpha, target, overwrite);
        }
    }
}
