using Memflux.Chip.Hardware;

namespace Memflux.Chip.Tests.Hardware;

/// <summary>
/// Each preset's roll-up against its published figures (docs/validation.md). The published numbers are constants here with
/// their citation; the modelled ones come from the component roll-up, so a material change to any component fails a test.
/// </summary>
public class PresetValidationTests
{
    // Shafiee et al., ISCA 2016, Table 6 (ISAAC-CE): chip 65.8 W and 85.4 mm² (62.5 mm² of tiles + 22.88 mm² HyperTransport);
    // ADCs 168 × 12 × 16 mW = 32.3 W ≈ 49% of power.
    private const double IsaacPowerW = 65.8;
    private const double IsaacAreaMm2 = 85.4;
    private const double IsaacAdcFraction = 0.49;
    private const double IsaacTolerance = 0.02;

    // Le Gallo et al., Nature Electronics 2023: 8-bit input/output MVMs; one-phase 63.1 TOPS at 9.76 TOPS/W, four-phase
    // 16.1 TOPS at 2.48 TOPS/W.
    private const double HermesTops = 63.1;
    private const double HermesTopsPerWatt = 9.76;
    private const double Hermes4PhaseTops = 16.1;
    private const double Hermes4PhaseTopsPerWatt = 2.48;
    private const double HermesCalibrationTolerance = 0.01;
    private const double HermesPredictionTolerance = 0.10;

    [Fact]
    public void Isaac_power_and_area_roll_up_to_the_published_totals()
    {
        var peak = PeakFigures.Of(ChipPresets.Isaac);
        AssertWithin(IsaacPowerW, peak.PowerW, IsaacTolerance, "ISAAC power (W)");
        AssertWithin(IsaacAreaMm2, peak.AreaMm2, IsaacTolerance, "ISAAC area (mm²)");
        Assert.InRange(peak.AdcPowerFraction, IsaacAdcFraction - 0.01, IsaacAdcFraction + 0.01);
    }

    [Fact]
    public void Isaac_tiles_without_io_match_the_published_55_4_W_and_62_5_mm2()
    {
        var peak = PeakFigures.Of(ChipPresets.Isaac);
        var io = peak.Component("hypertransport");
        AssertWithin(55.4, peak.PowerW - io.PowerW, IsaacTolerance, "ISAAC tiles power (W)");
        AssertWithin(62.5, peak.AreaMm2 - io.AreaMm2, IsaacTolerance, "ISAAC tiles area (mm²)");
    }

    [Fact]
    public void Isaac_mvm_takes_sixteen_bit_cycles()
    {
        var model = new ChipModel(ChipPresets.Isaac);
        Assert.Equal(16, model.ActivationsPerMvm);
        // 16 cycles of max(100 ns drive, 128 conversions at 1.2 GS/s = 106.7 ns).
        Assert.Equal(16 * 128 / 1.2, model.TileMvmIntervalNs, tolerance: 0.01);
        Assert.Equal(128 * 16, model.MacsPerTileMvm);
    }

    [Fact]
    public void Hermes_one_phase_is_calibrated_on_the_published_figures()
    {
        var peak = PeakFigures.Of(ChipPresets.Hermes);
        AssertWithin(HermesTops, peak.PeakTops, HermesCalibrationTolerance, "HERMES one-phase TOPS");
        AssertWithin(HermesTopsPerWatt, peak.PeakTopsPerWatt, HermesCalibrationTolerance, "HERMES one-phase TOPS/W");
        var model = peak.Model;
        Assert.Equal(133, model.TileMvmIntervalNs, 6);
        Assert.Equal(13.43, model.TileMvmEnergy.TotalPj / 1000, 2);
    }

    [Fact]
    public void Hermes_four_phase_figures_follow_from_the_same_components()
    {
        var peak = PeakFigures.Of(ChipPresets.Hermes4Phase);
        AssertWithin(Hermes4PhaseTops, peak.PeakTops, HermesPredictionTolerance, "HERMES four-phase TOPS");
        AssertWithin(Hermes4PhaseTopsPerWatt, peak.PeakTopsPerWatt, HermesPredictionTolerance, "HERMES four-phase TOPS/W");
    }

    [Fact]
    public void Hermes_four_phase_preset_differs_from_hermes_only_in_name_description_and_phases()
    {
        var one = ChipPresets.Hermes;
        var four = ChipPresets.Hermes4Phase;
        Assert.Equal(1, one.Core.ReadPhases);
        Assert.Equal(4, four.Core.ReadPhases);
        var aligned = four with { Name = one.Name, Description = one.Description, Core = four.Core with { ReadPhases = 1 } };
        Assert.Equal(ChipSpecLoader.ToJson(one), ChipSpecLoader.ToJson(aligned));
    }

    [Fact]
    public void Generic_rram_rolls_up_from_its_structure()
    {
        var spec = ChipPresets.GenericRram;
        var peak = PeakFigures.Of(spec);
        var model = peak.Model;
        // NeuRRAM structure (Wan et al., Nature 2022): 256×256 RRAMs per core, differential pairs on adjacent rows.
        Assert.Equal(128L * 256, model.MacsPerTileMvm);
        Assert.Equal(48, spec.Cores.Count);
        double tops = 2.0 * 128 * 256 * 48 / (model.TileMvmIntervalNs * 1e-9) / 1e12;
        Assert.Equal(tops, peak.PeakTops, 9);
        Assert.True(peak.PowerW > 0 && peak.AreaMm2 > 0);
    }

    private static void AssertWithin(double published, double modelled, double tolerance, string what)
    {
        double error = (modelled - published) / published;
        Assert.True(Math.Abs(error) <= tolerance, $"{what}: published {published}, modelled {modelled:G6}, error {error:P2} exceeds ±{tolerance:P0}.");
    }
}
