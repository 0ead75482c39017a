using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>The arithmetic of the digital baseline.</summary>
public enum DigitalPrecision
{
    /// <summary>8-bit integer weights and MACs (multiply 0.2 pJ + add 0.03 pJ).</summary>
    Int8,

    /// <summary>32-bit float weights and MACs (multiply 3.7 pJ + add 0.9 pJ).</summary>
    Fp32,
}

/// <summary>
/// A weight-fetching digital accelerator running the same network (<see cref="HorowitzEnergy"/>, 45 nm): every MAC of
/// the analog layers costs a multiply and an add; every weight is read once per batch, in 64-bit words, from a 8 KB
/// SRAM when the weights fit in 8 KB, from a 1 MB SRAM when they fit in 1 MB, else from DRAM (1.3 nJ, the low end of
/// Horowitz's range, which favours the baseline). Activations are counted as the analog chip's input and output
/// buffers count them: each MVM reads its input vector (k values) and writes its output vector (n values) once, through
/// an 8 KB-class local SRAM (10 pJ per 64 bits) [memflux_assumption: the same counting on both sides; a real dataflow
/// reuses inputs across MVMs in registers on both]. Partial sums stay in the accumulators (none move)
/// [memflux_assumption, which favours the baseline: the analog chip pays for its row blocks' partial sums in its output
/// buffers and accumulate ops]. The digital nodes (activation functions, pooling) are not counted here; the analog
/// chip's own digital work is in its energy.
/// </summary>
/// <param name="Precision">Arithmetic.</param>
/// <param name="Batch">Images sharing one read of the weights.</param>
/// <param name="MacsPerImage">Multiply-accumulates per image.</param>
/// <param name="WeightBytes">Bytes of weights.</param>
/// <param name="WeightStore">Where the weights are read from: <c>sram_8kb</c>, <c>sram_1mb</c> or <c>dram</c>.</param>
/// <param name="ComputeJ">MAC energy per image in J.</param>
/// <param name="WeightMovementJ">Weight reads per image (the batch's reads / batch) in J.</param>
/// <param name="ActivationMovementJ">Input-vector reads and output-vector writes per image in J.</param>
public sealed record DigitalBaseline(DigitalPrecision Precision, int Batch, long MacsPerImage, long WeightBytes, string WeightStore, double ComputeJ, double WeightMovementJ, double ActivationMovementJ)
{
    /// <summary>Energy per image in J.</summary>
    public double EnergyJ => ComputeJ + WeightMovementJ + ActivationMovementJ;

    /// <summary>Fraction of the energy spent moving weights.</summary>
    public double WeightMovementFraction => WeightMovementJ / EnergyJ;

    /// <summary>Fraction of the energy spent moving activations.</summary>
    public double ActivationMovementFraction => ActivationMovementJ / EnergyJ;

    /// <summary>Estimates the baseline for <paramref name="network"/> at <paramref name="batch"/>.</summary>
    public static DigitalBaseline Estimate(NetworkProfile network, int batch, DigitalPrecision precision = DigitalPrecision.Int8)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        int bytesPerWeight = precision == DigitalPrecision.Int8 ? 1 : 4;
        double macPj = precision == DigitalPrecision.Int8
            ? HorowitzEnergy.Int8MultiplyPj + HorowitzEnergy.Int8AddPj
            : HorowitzEnergy.Fp32MultiplyPj + HorowitzEnergy.Fp32AddPj;
        long bytes = network.WeightCount * bytesPerWeight;
        (string store, double readPj) = bytes <= 8 * 1024 ? ("sram_8kb", HorowitzEnergy.Sram8KbRead64Pj)
            : bytes <= 1024 * 1024 ? ("sram_1mb", HorowitzEnergy.Sram1MbRead64Pj)
            : ("dram", HorowitzEnergy.DramRead64LowPj);
        long reads = (bytes + 7) / 8;
        long macs = network.MacsPerImage;
        double activationBytes = network.Layers.Sum(l => (double)l.MvmsPerImage * l.Groups * (l.Inputs + l.Outputs)) * bytesPerWeight;
        double activationPj = activationBytes * HorowitzEnergy.Sram8KbRead64Pj / 8;
        return new DigitalBaseline(precision, batch, macs, bytes, store, macs * macPj * 1e-12, reads * readPj * 1e-12 / batch, activationPj * 1e-12);
    }
}
