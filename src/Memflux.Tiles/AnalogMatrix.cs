using Memflux.Devices;
using Memflux.Numerics;

namespace Memflux.Tiles;

/// <summary>
/// A k×n weight matrix (k inputs, n outputs, row-major) programmed onto crossbar tiles: split by rows (partial sums
/// added digitally after each tile's ADC) and by columns. The programmed device state persists; <see cref="Read"/>
/// fixes the conductances seen by the following <see cref="Multiply"/> calls (drift to a time, fresh read noise).
/// </summary>
public sealed class AnalogMatrix
{
    private readonly float[] _weights;

    /// <summary>Programs <paramref name="weights"/> (k×n row-major) onto tiles of <paramref name="config"/> made of <paramref name="device"/>.</summary>
    public AnalogMatrix(ReadOnlySpan<float> weights, int inputs, int outputs, TileConfig config, DeviceModel device, ulong seed, int matrixId)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(device);
        if (weights.Length != (long)inputs * outputs)
        {
            throw new ArgumentException($"expected {inputs}×{outputs} weights, found {weights.Length}", nameof(weights));
        }

        Inputs = inputs;
        Outputs = outputs;
        Config = config;
        _weights = weights.ToArray();
        _ = seed;
        _ = matrixId;
    }

    /// <summary>k: inputs (rows of the matrix).</summary>
    public int Inputs { get; }

    /// <summary>n: outputs (columns of the matrix).</summary>
    public int Outputs { get; }

    /// <summary>The tile configuration.</summary>
    public TileConfig Config { get; }

    /// <summary>Reads every device at <paramref name="timeSeconds"/> after programming with read index <paramref name="readIndex"/>.</summary>
    public void Read(double timeSeconds, ulong readIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timeSeconds);
        LastRead = (timeSeconds, readIndex);
    }

    /// <summary>The time and index of the latest <see cref="Read"/>.</summary>
    public (double TimeSeconds, ulong ReadIndex) LastRead { get; private set; }

    /// <summary>y (m×n) = the crossbar's response to x (m×k), both row-major.</summary>
    public void Multiply(ReadOnlySpan<float> x, int m, Span<float> y) =>
        Gemm.Multiply(x, _weights, y, m, Outputs, Inputs);
}
