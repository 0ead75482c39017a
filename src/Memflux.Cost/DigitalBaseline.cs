using Memflux.Chip.Compiler;

namespace Memflux.Cost;

/// <summary>The arithmetic of the digital baseline.</summary>
public enum DigitalPrecision
{
    /// <summary>8-bit integer weights and MACs (multiply 0.2 pJ + add 0.03 pJ at 45 nm).</summary>
    Int8,

    /// <summary>16-bit integer weights and MACs (multiply 0.8 pJ + add 0.05 pJ at 45 nm).</summary>
    Int16,

    /// <summary>32-bit float weights and MACs (multiply 3.7 pJ + add 0.9 pJ at 45 nm).</summary>
    Fp32,
}

/// <summary>
/// A weight-fetching digital accelerator running the same network: Horowitz's 45 nm, 0.9 V operation energies
/// (<see cref="HorowitzEnergy"/>) moved to <see cref="Technology"/> with Stillmaker and Baas's scaling factors
/// (<see cref="DigitalTechnology"/>); everything on chip (arithmetic and SRAM) scales, DRAM does not
/// [memflux_assumption: a DRAM access is dominated by the DRAM die and its interface, not the accelerator's logic node;
/// SRAM scales as logic does]. Counted per image:
/// <list type="bullet">
/// <item>compute: every MAC of the analog layers is a multiply and an add;</item>
/// <item>weights: every weight is read once per batch, in 64-bit words, from an 8 KB SRAM when the weights fit in 8 KB,
/// a 1 MB SRAM when they fit in 1 MB, else from DRAM (1.3 nJ, the low end of Horowitz's range, which favours the
/// baseline);</item>
/// <item>activations: each MVM reads its input vector (k values) and writes its output vector (n values) once through an
/// 8 KB-class local SRAM, as the analog chip's input and output buffers count them [memflux_assumption: the same
/// counting on both sides; a real dataflow reuses inputs across MVMs in registers on both];</item>
/// <item>partial sums: with <see cref="ReductionRows"/> set, a k-long reduction is split into ceil(k / rows) blocks like the
/// analog chip's row blocks; each block after the first adds its n partial sums to the running ones: a 4-byte
/// partial sum written and read back through the local SRAM and a 32-bit add [memflux_assumption: a digital array as
/// tall as the analog tile, 32-bit accumulators]. Null: the whole reduction stays in the accumulators.</item>
/// </list>
/// Left out: clock tree, control, register files and pipeline registers, the network-on-chip, leakage, and digital nodes
/// (activation functions, pooling). It is an ideal-datapath lower bound: on Eyeriss's AlexNet layers it is 7.3× below
/// the silicon (docs/validation.md).
/// </summary>
/// <param name="Precision">Arithmetic.</param>
/// <param name="Batch">Images sharing one read of the weights.</param>
/// <param name="MacsPerImage">Multiply-accumulates per image.</param>
/// <param name="WeightBytes">Bytes of weights.</param>
/// <param name="WeightStore">Where the weights are read from: <c>sram_8kb</c>, <c>sram_1mb</c> or <c>dram</c>.</param>
/// <param name="Technology">Node and supply the energies are scaled to.</param>
/// <param name="ReductionRows">Rows of one reduction block (partial sums spill between blocks); null: none spill.</param>
/// <param name="ComputeJ">MAC energy per image in J.</param>
/// <param name="WeightMovementJ">Weight reads per image (the batch's reads / batch) in J.</param>
/// <param name="ActivationMovementJ">Input-vector reads and output-vector writes per image in J.</param>
/// <param name="PartialSumJ">Partial-sum writes, reads and adds per image in J.</param>
public sealed record DigitalBaseline(
    DigitalPrecision Precision,
    int Batch,
    long MacsPerImage,
    long WeightBytes,
    string WeightStore,
    DigitalTechnology Technology,
    int? ReductionRows,
    double ComputeJ,
    double WeightMovementJ,
    double ActivationMovementJ,
    double PartialSumJ)
{
    /// <summary>Energy per image in J.</summary>
    public double EnergyJ => ComputeJ + WeightMovementJ + ActivationMovementJ + PartialSumJ;

    /// <summary>Energy per image spent on chip (all but DRAM weight reads) in J.</summary>
    public double OnChipEnergyJ => EnergyJ - (WeightStore == "dram" ? WeightMovementJ : 0);

    /// <summary>Fraction of the energy spent moving weights.</summary>
    public double WeightMovementFraction => WeightMovementJ / EnergyJ;

    /// <summary>Fraction of the energy spent moving activations.</summary>
    public double ActivationMovementFraction => ActivationMovementJ / EnergyJ;

    /// <summary>Fraction of the energy spent on partial sums.</summary>
    public double PartialSumFraction => PartialSumJ / EnergyJ;

    /// <summary>The factor from Horowitz's 45 nm, 0.9 V energies to <see cref="Technology"/>.</summary>
    public double EnergyScale => Technology.ScaleFromHorowitz;

    /// <summary>
    /// Estimates the baseline for <paramref name="network"/> at <paramref name="batch"/> in <paramref name="technology"/>,
    /// splitting reductions into blocks of <paramref name="reductionRows"/> (null: no partial sums spill).
    /// </summary>
    public static DigitalBaseline Estimate(NetworkProfile network, int batch, DigitalTechnology technology, int? reductionRows, DigitalPrecision precision = DigitalPrecision.Int8)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(technology);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        if (reductionRows is { } r)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(r, 1, nameof(reductionRows));
        }

        double scale = technology.ScaleFromHorowitz;
        int bytesPerWeight = precision switch { DigitalPrecision.Int8 => 1, DigitalPrecision.Int16 => 2, _ => 4 };
        double macPj = precision switch
        {
            DigitalPrecision.Int8 => HorowitzEnergy.Int8MultiplyPj + HorowitzEnergy.Int8AddPj,
            DigitalPrecision.Int16 => HorowitzEnergy.Int16MultiplyPj + HorowitzEnergy.Int16AddPj,
            _ => HorowitzEnergy.Fp32MultiplyPj + HorowitzEnergy.Fp32AddPj,
        };
        double partialAddPj = precision == DigitalPrecision.Fp32 ? HorowitzEnergy.Fp32AddPj : HorowitzEnergy.Int32AddPj;
        double sramBytePj = HorowitzEnergy.Sram8KbRead64Pj / 8;
        long bytes = network.WeightCount * bytesPerWeight;
        (string store, double readPj) = bytes <= 8 * 1024 ? ("sram_8kb", HorowitzEnergy.Sram8KbRead64Pj * scale)
            : bytes <= 1024 * 1024 ? ("sram_1mb", HorowitzEnergy.Sram1MbRead64Pj * scale)
            : ("dram", HorowitzEnergy.DramRead64LowPj);
        long reads = (bytes + 7) / 8;
        long macs = network.MacsPerImage;
        double activationBytes = network.Layers.Sum(l => (double)l.MvmsPerImage * l.Groups * (l.Inputs + l.Outputs)) * bytesPerWeight;
        double spilled = reductionRows is { } rows
            ? network.Layers.Sum(l => (double)l.MvmsPerImage * l.Groups * (((l.Inputs + rows - 1) / rows) - 1) * l.Outputs)
            : 0;
        double partialPj = spilled * ((2 * 4 * sramBytePj) + partialAddPj) * scale;
        return new DigitalBaseline(
            precision,
            batch,
            macs,
            bytes,
            store,
            technology,
            reductionRows,
            macs * macPj * scale * 1e-12,
            reads * readPj * 1e-12 / batch,
            activationBytes * sramBytePj * scale * 1e-12,
            partialPj * 1e-12);
    }
}
