using Memflux.Chip.Hardware;

namespace Memflux.Chip.Tests.Hardware;

/// <summary>The timing and energy equations of <see cref="ChipModel"/> on a small made-up chip, checked by hand.</summary>
public class ChipModelTests
{
    private static ChipSpec Small(string encoding = InputDriverSpec.BitSerial, bool signedMagnitude = false, bool overlaps = true, int phases = 1)
    {
        const string S = "[t] test";
        var unit = new DigitalUnitSpec(EnergyPerOpPj: 0.5, ThroughputGops: 1000, AreaMm2: 0.01, Source: S);
        return new ChipSpec(
            Name: "small",
            Description: "test chip",
            ProcessNodeNm: 28,
            ClockMhz: 500,
            Cores: new CoreGridSpec(Count: 3, MeshRows: 2, MeshCols: 2),
            Core: new CoreSpec(
                Tiles: new TileArraySpec(Count: 2, Rows: 60, Cols: 40, RowsPerWeight: 2, ColsPerWeight: 4, DevicesPerWeight: 8, BitsPerDevice: 2, ReadEnergyPerActivationPj: 10, AreaMm2: 0.1, Source: S),
                ReadPhases: phases,
                OutputBits: 8,
                Input: new InputDriverSpec(Bits: 4, Encoding: encoding, SignedMagnitude: signedMagnitude, StepTimeNs: 5, EnergyPerRowDrivePj: 0.25, AreaMm2: 0.02, Source: S),
                Adc: new AdcBankSpec(Type: "sar", Bits: 6, ColumnsPerAdc: 8, EnergyPerConversionPj: 2, ConversionTimeNs: 1, OverlapsInput: overlaps, AreaMm2: 0.003, Source: S),
                Digital: new DigitalSpec(unit, unit with { EnergyPerOpPj = 1 }, unit with { EnergyPerOpPj = 3 }),
                Buffers: [new BufferSpec("in", BufferSpec.InputRole, 1024, 2, 0.05, S), new BufferSpec("io", BufferSpec.InputOutputRole, 2048, 1, 0.07, S)],
                StaticPowerMw: 1.5,
                OtherComponents: [new FixedComponentSpec("bus", 2, 0.2, S)],
                Programming: new ProgrammingSpec(PulseEnergyPj: 5, IterationTimeNs: 100, MeanIterationsPerDevice: 4, ParallelDevicesPerTile: 1, Source: S)),
            Noc: new NocSpec(LinkBandwidthGbps: 10, HopLatencyNs: 3, EnergyPerBitPerHopPj: 0.1, RoutersPerCore: 0.5, RouterAreaMm2: 0.4, Source: S),
            StaticPowerMw: 7,
            ChipComponents: [new FixedComponentSpec("io", 100, 5, S)],
            Citations: new Dictionary<string, string> { ["t"] = "a test" });
    }

    [Fact]
    public void The_small_chip_is_valid() => Assert.Empty(ChipSpecValidator.Problems(Small()));

    [Fact]
    public void Bit_serial_with_overlapped_conversion_takes_bits_times_the_longer_of_drive_and_conversion()
    {
        var m = new ChipModel(Small());
        Assert.Equal(4, m.ActivationsPerMvm);
        Assert.Equal(5, m.DriveWindowNs);
        Assert.Equal(8, m.ConversionTimePerActivationNs); // 8 columns per ADC × 1 ns
        Assert.Equal(8, m.ActivationPeriodNs);
        Assert.Equal(32, m.TileMvmIntervalNs);
        Assert.Equal(40, m.TileMvmLatencyNs);
        Assert.Equal(30L * 10, m.MacsPerTileMvm); // (60 / 2) × (40 / 4)
        Assert.Equal(5, m.AdcsPerTile);
        Assert.Equal(160, m.ConversionsPerTileMvm);
    }

    [Fact]
    public void Pulse_width_signed_magnitude_without_overlap_adds_the_conversion_to_each_window_per_phase()
    {
        var m = new ChipModel(Small(InputDriverSpec.PulseWidth, signedMagnitude: true, overlaps: false, phases: 4));
        Assert.Equal(7, m.InputLevels); // 2^(4−1) − 1
        Assert.Equal(35, m.DriveWindowNs);
        Assert.Equal(4, m.ActivationsPerMvm);
        Assert.Equal(4 * (35 + 8), m.TileMvmIntervalNs);
        Assert.Equal(m.TileMvmIntervalNs, m.TileMvmLatencyNs);
        var unsigned = new ChipModel(Small(InputDriverSpec.PulseWidth));
        Assert.Equal(15, unsigned.InputLevels);
    }

    [Fact]
    public void Energy_per_tile_mvm_by_component_follows_the_equations()
    {
        var e = new ChipModel(Small()).TileMvmEnergy;
        Assert.Equal(60 * 4 * 0.25, e.DacPj);
        Assert.Equal(4 * 10, e.ArrayPj);
        Assert.Equal(40 * 4 * 2, e.AdcPj);
        Assert.Equal(160 * 0.5, e.AccumulatePj);
        Assert.Equal(10 * 1, e.ActivationPj);
        Assert.Equal(10 * 3, e.PoolingPj);
        // Input vector: 30 weights' rows × 4 bits = 15 B; outputs 10 × 8 bits = 10 B.
        Assert.Equal((15 * 2) + ((15 + 10) * 1), e.BufferPj);
        Assert.Equal(80 * 0.1, e.NocPj);
    }

    [Fact]
    public void Peak_figures_roll_up_power_and_area_per_component()
    {
        var peak = PeakFigures.Of(Small());
        var m = peak.Model;
        Assert.Equal(6, m.TotalTiles);
        double mvmsPerSecond = 6 / 32e-9;
        Assert.Equal(mvmsPerSecond, m.PeakMvmsPerSecond, 1e-3);
        Assert.Equal(2.0 * 300 * mvmsPerSecond / 1e12, peak.PeakTops, 12);
        Assert.Equal(m.TileMvmEnergy.AdcPj * mvmsPerSecond * 1e-12, peak.Component("adc").PowerW, 12);
        Assert.Equal((3 * 1.5 + 7) * 1e-3, peak.Component("leakage").PowerW, 12);
        Assert.Equal(3 * 2e-3, peak.Component("bus").PowerW, 12);
        Assert.Equal(0.1, peak.Component("io").PowerW, 12);
        Assert.Equal(6 * 5 * 0.003, peak.Component("adc").AreaMm2, 12);
        Assert.Equal(3 * 0.5 * 0.4, peak.Component("noc").AreaMm2, 12);
        double area = (6 * (0.1 + 0.02 + 0.015)) + (3 * (0.03 + 0.12 + 0.2 + 0.2)) + 5;
        Assert.Equal(area, peak.AreaMm2, 12);
        Assert.Equal(peak.PowerW, peak.Components.Sum(c => c.PowerW), 12);
    }

    [Fact]
    public void A_digital_unit_too_slow_for_the_tiles_stretches_the_interval()
    {
        var spec = Small();
        var slow = spec with { Core = spec.Core with { Digital = spec.Core.Digital with { Accumulate = spec.Core.Digital.Accumulate with { ThroughputGops = 1 } } } };
        var m = new ChipModel(slow);
        Assert.Equal(32, m.AnalogMvmIntervalNs);
        Assert.Equal(2 * 160 / 1.0, m.TileMvmIntervalNs); // 2 tiles × 160 conversions at 1 op/ns
    }

    [Fact]
    public void Noc_transfer_time_and_energy()
    {
        var m = new ChipModel(Small());
        Assert.Equal((2 * 3) + (100 / 10.0), m.NocTransferTimeNs(100, 2));
        Assert.Equal(100 * 2 * 0.1, m.NocEnergyPj(100, 2), 12);
    }

    [Fact]
    public void The_isaac_validation_fails_when_a_component_changes_materially()
    {
        // A 10% change to the ADC energy moves the roll-up by ~4.9%, past the ±2% the published total allows.
        var isaac = ChipPresets.Isaac;
        var changed = isaac with { Core = isaac.Core with { Adc = isaac.Core.Adc with { EnergyPerConversionPj = isaac.Core.Adc.EnergyPerConversionPj * 1.1 } } };
        double error = (PeakFigures.Of(changed).PowerW - 65.8) / 65.8;
        Assert.True(error > 0.02, $"error {error:P2}");
    }
}
