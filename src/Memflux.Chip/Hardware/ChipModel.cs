namespace Memflux.Chip.Hardware;

/// <summary>
/// Time and energy of one tile MVM derived from a <see cref="ChipSpec"/>: the seam the compiler, dataflow timing and
/// energy model build on. Equations (docs/validation.md, "The model"):
/// activations = phases × (bit-serial ? bits : 1);
/// drive window = bit-serial ? step : levels × step, levels = 2^bits − 1 (2^(bits−1) − 1 signed-magnitude);
/// conversion time per activation = columns per ADC × conversion time;
/// activation period = overlapped ? max(window, conversions) : window + conversions;
/// tile MVM interval = activations × period (the core's digital units can stretch it when they cannot keep up).
/// </summary>
public sealed class ChipModel
{
    /// <summary>Derives the model of <paramref name="spec"/> (which must have passed <see cref="ChipSpecValidator"/>).</summary>
    public ChipModel(ChipSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        var core = spec.Core;
        var tiles = core.Tiles;
        var input = core.Input;
        var adc = core.Adc;
        ActivationsPerMvm = core.ReadPhases * (input.IsBitSerial ? input.Bits : 1);
        InputLevels = input.IsBitSerial ? 1 : (1L << (input.SignedMagnitude ? input.Bits - 1 : input.Bits)) - 1;
        DriveWindowNs = InputLevels * input.StepTimeNs;
        ConversionTimePerActivationNs = adc.ColumnsPerAdc * adc.ConversionTimeNs;
        ActivationPeriodNs = adc.OverlapsInput
            ? Math.Max(DriveWindowNs, ConversionTimePerActivationNs)
            : DriveWindowNs + ConversionTimePerActivationNs;
        AnalogMvmIntervalNs = ActivationsPerMvm * ActivationPeriodNs;
        MacsPerTileMvm = (long)(tiles.Rows / tiles.RowsPerWeight) * (tiles.Cols / tiles.ColsPerWeight);
        OutputsPerTileMvm = tiles.Cols / tiles.ColsPerWeight;
        ConversionsPerTileMvm = (long)tiles.Cols * ActivationsPerMvm;
        AdcsPerTile = (tiles.Cols + adc.ColumnsPerAdc - 1) / adc.ColumnsPerAdc;
        InputBytesPerTileMvm = tiles.Rows / tiles.RowsPerWeight * input.Bits / 8.0;
        OutputBytesPerTileMvm = OutputsPerTileMvm * core.OutputBits / 8.0;
        double digitalNs = 0;
        foreach (var (unit, ops) in DigitalLoad())
        {
            digitalNs = Math.Max(digitalNs, core.Tiles.Count * ops / unit.ThroughputGops);
        }

        DigitalTimePerCoreMvmNs = digitalNs;
        TileMvmIntervalNs = Math.Max(AnalogMvmIntervalNs, digitalNs);
        TileMvmLatencyNs = AnalogMvmIntervalNs + (adc.OverlapsInput ? ConversionTimePerActivationNs : 0);
        TileMvmEnergy = ComputeTileMvmEnergy();
    }

    /// <summary>The spec this model was derived from.</summary>
    public ChipSpec Spec { get; }

    /// <summary>Array activations per MVM (input bits or pulse windows, times read phases).</summary>
    public int ActivationsPerMvm { get; }

    /// <summary>Pulse-width steps of a full-scale input (1 when bit-serial).</summary>
    public long InputLevels { get; }

    /// <summary>Duration of one activation's drive (one bit, or a full-scale pulse) in ns.</summary>
    public double DriveWindowNs { get; }

    /// <summary>Time for one ADC to convert its columns once, in ns.</summary>
    public double ConversionTimePerActivationNs { get; }

    /// <summary>Time between successive activations of a tile, in ns.</summary>
    public double ActivationPeriodNs { get; }

    /// <summary>Time between successive MVMs of a tile limited by its analog front end alone, in ns.</summary>
    public double AnalogMvmIntervalNs { get; }

    /// <summary>Time the slowest digital unit of a core needs for the work of one MVM on every tile, in ns.</summary>
    public double DigitalTimePerCoreMvmNs { get; }

    /// <summary>Steady-state time between successive MVMs of a tile with all tiles busy (the initiation interval), in ns.</summary>
    public double TileMvmIntervalNs { get; }

    /// <summary>Time from the first input bit of one MVM to its last conversion, in ns (the pipeline's fill for one MVM).</summary>
    public double TileMvmLatencyNs { get; }

    /// <summary>Multiply-accumulates of one full tile MVM (weights it holds).</summary>
    public long MacsPerTileMvm { get; }

    /// <summary>Weight outputs (matrix columns) of one tile MVM.</summary>
    public int OutputsPerTileMvm { get; }

    /// <summary>ADC conversions of one tile MVM (every column, every activation).</summary>
    public long ConversionsPerTileMvm { get; }

    /// <summary>ADCs per tile.</summary>
    public int AdcsPerTile { get; }

    /// <summary>Bytes of the input vector of one tile MVM.</summary>
    public double InputBytesPerTileMvm { get; }

    /// <summary>Bytes of the outputs of one tile MVM.</summary>
    public double OutputBytesPerTileMvm { get; }

    /// <summary>Energy of one full tile MVM by component (leakage, being per time, is not in it).</summary>
    public MvmEnergy TileMvmEnergy { get; }

    /// <summary>Tiles on the chip.</summary>
    public long TotalTiles => (long)Spec.Cores.Count * Spec.Core.Tiles.Count;

    /// <summary>Tile MVMs per second per tile at full load.</summary>
    public double TileMvmsPerSecond => 1e9 / TileMvmIntervalNs;

    /// <summary>Tile MVMs per second over the whole chip with every tile busy.</summary>
    public double PeakMvmsPerSecond => TotalTiles * TileMvmsPerSecond;

    /// <summary>Static power of the whole chip (core leakage, chip leakage, fixed blocks) in W.</summary>
    public double StaticPowerW =>
        (Spec.Cores.Count * (Spec.Core.StaticPowerMw + Spec.Core.OtherComponents.Sum(c => c.PowerMw))
            + Spec.StaticPowerMw + Spec.ChipComponents.Sum(c => c.PowerMw)) * 1e-3;

    /// <summary>Time to move <paramref name="bits"/> over <paramref name="hops"/> NoC hops without contention, in ns.</summary>
    public double NocTransferTimeNs(double bits, int hops)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfNegative(hops);
        return hops * Spec.Noc.HopLatencyNs + bits / Spec.Noc.LinkBandwidthGbps;
    }

    /// <summary>Energy to move <paramref name="bits"/> over <paramref name="hops"/> NoC hops, in pJ.</summary>
    public double NocEnergyPj(double bits, int hops)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bits);
        ArgumentOutOfRangeException.ThrowIfNegative(hops);
        return bits * hops * Spec.Noc.EnergyPerBitPerHopPj;
    }

    /// <summary>Digital ops of one tile MVM per unit: accumulate per conversion; activation and pooling per output.</summary>
    public IEnumerable<(DigitalUnitSpec Unit, double Ops)> DigitalLoad()
    {
        var d = Spec.Core.Digital;
        var tiles = Spec.Core.Tiles;
        long conversions = (long)tiles.Cols * ActivationsPerMvm;
        int outputs = tiles.Cols / tiles.ColsPerWeight;
        yield return (d.Accumulate, conversions);
        yield return (d.Activation, outputs);
        yield return (d.Pooling, outputs);
    }

    private MvmEnergy ComputeTileMvmEnergy()
    {
        var core = Spec.Core;
        var d = core.Digital;
        double bufferPj = 0;
        foreach (var b in core.Buffers)
        {
            double bytes = (b.CarriesInputs ? InputBytesPerTileMvm : 0) + (b.CarriesOutputs ? OutputBytesPerTileMvm : 0);
            bufferPj += bytes * b.EnergyPerBytePj;
        }

        return new MvmEnergy(
            DacPj: (double)core.Tiles.Rows * ActivationsPerMvm * core.Input.EnergyPerRowDrivePj,
            ArrayPj: ActivationsPerMvm * core.Tiles.ReadEnergyPerActivationPj,
            AdcPj: ConversionsPerTileMvm * core.Adc.EnergyPerConversionPj,
            AccumulatePj: ConversionsPerTileMvm * d.Accumulate.EnergyPerOpPj,
            ActivationPj: OutputsPerTileMvm * d.Activation.EnergyPerOpPj,
            PoolingPj: OutputsPerTileMvm * d.Pooling.EnergyPerOpPj,
            BufferPj: bufferPj,
            NocPj: NocEnergyPj(OutputBytesPerTileMvm * 8, hops: 1));
    }
}
