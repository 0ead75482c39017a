using Memflux.Chip.Hardware;

namespace Memflux.Cost.Tests;

/// <summary>Energy roll-up, programming cost and the digital baseline, by hand on one small layer.</summary>
public class EnergyTests
{
    /// <summary>Equal to 1e-12 relative (joules and seconds are far below xunit's decimal places).</summary>
    private static void Close(double expected, double actual) => Assert.Equal(expected, actual, Math.Abs(expected) * 1e-12);

    private static CostEstimate OneLayer(int batch = 1) =>
        CostEstimator.Estimate(TestChips.Chain((8, 6, 5)), new ChipModel(TestChips.Small()), batch, replicate: false);

    [Fact]
    public void Energy_components_match_hand_arithmetic_and_sum_to_the_total()
    {
        var e = OneLayer();
        var c = e.Energy.ToDictionary(x => x.Name, x => x.EnergyJ * 1e12); // pJ
        Assert.Equal(EnergyBreakdown.Names, e.Energy.Select(x => x.Name));
        Assert.Equal(5 * 16 * 4 * 0.25, c["dac"], 9);        // MVMs × rows driven (8 weights × 2 rows) × 4 bits × 0.25 pJ
        Assert.Equal(5 * 4 * 10.0, c["array"], 9);          // MVMs × activations × 10 pJ × full tile
        Assert.Equal(240 * 2.0, c["adc"], 9);               // 5 × 6 weights × 2 columns × 4 bits conversions × 2 pJ
        Assert.Equal(240 * 0.5, c["accumulate"], 9);
        Assert.Equal(0, c["activation"]);
        Assert.Equal((20 * 2) + (50 * 1.0), c["buffers"], 9); // 20 B inputs in two buffers, 30 B outputs in one
        Assert.Equal(0, c["noc"]);
        Assert.Equal(13e-3 * 104e-9 * 1e12, c["leakage"], 9); // (4 × 1.5 + 7) mW × 104 ns
        Assert.Equal(108e-3 * 104e-9 * 1e12, c["fixed"], 9);  // (4 × 2 + 100) mW × 104 ns
        Close(e.Energy.Sum(x => x.EnergyJ), e.EnergyPerInferenceJ);
        Assert.Equal(2.0 * 240 / e.EnergyPerInferenceJ / 1e12, e.TopsPerWatt, 12);
        Assert.Equal(e.EnergyPerInferenceJ / 104e-9, e.PowerW, 9);
    }

    [Fact]
    public void Static_energy_per_image_shrinks_when_a_batch_shares_the_makespan()
    {
        var one = OneLayer(1);
        var many = OneLayer(8);
        double Static(CostEstimate e) => e.Energy.Where(x => x.Name is "leakage" or "fixed").Sum(x => x.EnergyJ);
        Close(Static(one) * (4 + (8 * 100.0)) / (8 * 104), Static(many)); // makespan 4 + 8 × 100 ns
        Close(one.EnergyPerInferenceJ - Static(one), many.EnergyPerInferenceJ - Static(many));
    }

    [Fact]
    public void Programming_cost_is_iterations_times_pulse_energy_and_the_fullest_tile_sets_the_time()
    {
        var p = OneLayer().Programming;
        Assert.Equal(48 * 4, p.Devices);
        Assert.False(p.Measured);
        Close(192 * 4 * 5e-12, p.EnergyJ);
        Close(96 * 4 * 100e-9, p.TimeS); // 192 devices, 2 at a time, 4 iterations of 100 ns
        var mapping = OneLayer().Mapping;
        var measured = ProgrammingCost.FromOperations(mapping, 192 * 7);
        Assert.True(measured.Measured);
        Assert.Equal(7, measured.IterationsPerDevice, 12);
    }

    [Fact]
    public void Digital_baseline_by_hand_on_a_tiny_network()
    {
        var h = DigitalTechnology.Horowitz;
        var b = DigitalBaseline.Estimate(TestChips.Chain((8, 6, 5)), batch: 2, h, reductionRows: null);
        Assert.Equal(240, b.MacsPerImage);
        Assert.Equal(48, b.WeightBytes);
        Assert.Equal("sram_8kb", b.WeightStore);
        Assert.Equal(1, b.EnergyScale, 12);
        Close(240 * 0.23e-12, b.ComputeJ);
        Close(6 * 10e-12 / 2, b.WeightMovementJ); // 6 reads of 64 bits, shared by 2 images
        Close(5 * (8 + 6) * 10e-12 / 8, b.ActivationMovementJ); // 5 MVMs read 8 and write 6 bytes through the 8 KB SRAM
        Assert.Equal(0, b.PartialSumJ);
        Assert.Equal(30e-12 / (30e-12 + 55.2e-12 + 87.5e-12), b.WeightMovementFraction, 9);
        Close(55.2e-12 + 30e-12 + 87.5e-12, b.EnergyJ);

        var fp = DigitalBaseline.Estimate(TestChips.Chain((8, 6, 5)), batch: 1, h, null, DigitalPrecision.Fp32);
        Close(240 * 4.6e-12, fp.ComputeJ);
        Close(24 * 10e-12, fp.WeightMovementJ);
        Close(5 * (8 + 6) * 4 * 10e-12 / 8, fp.ActivationMovementJ);

        var i16 = DigitalBaseline.Estimate(TestChips.Chain((8, 6, 5)), batch: 1, h, null, DigitalPrecision.Int16);
        Close(240 * 0.85e-12, i16.ComputeJ);
        Close(12 * 10e-12, i16.WeightMovementJ);

        var big = DigitalBaseline.Estimate(TestChips.Chain((1024, 1025, 1)), batch: 4, h, null);
        Assert.Equal("dram", big.WeightStore);
        Close(((1024L * 1025) + 7) / 8 * 1300e-12 / 4, big.WeightMovementJ);
        Close(big.EnergyJ - big.WeightMovementJ, big.OnChipEnergyJ);
        var mid = DigitalBaseline.Estimate(TestChips.Chain((100, 100, 1)), batch: 1, h, null);
        Assert.Equal("sram_1mb", mid.WeightStore);
    }

    /// <summary>
    /// k = 20 in blocks of 8 rows: 3 blocks, so 2 × n = 12 partial sums per MVM, 5 MVMs: 60 partial sums, each written and
    /// read back (8 bytes at 10/8 pJ) and added (32-bit add, 0.1 pJ); at 14 nm, 0.8 V everything on chip scales by
    /// F(14, 0.8) / F(45, 0.9), DRAM does not.
    /// </summary>
    [Fact]
    public void Partial_sums_spill_between_reduction_blocks_and_on_chip_energy_scales_with_the_node()
    {
        var h = DigitalTechnology.Horowitz;
        var net = TestChips.Chain((20, 6, 5));
        var spill = DigitalBaseline.Estimate(net, batch: 1, h, reductionRows: 8);
        Close(60 * ((8 * 10.0 / 8) + 0.1) * 1e-12, spill.PartialSumJ);
        var exact = DigitalBaseline.Estimate(net, batch: 1, h, reductionRows: 20);
        Assert.Equal(0, exact.PartialSumJ);

        var t14 = new DigitalTechnology(14, 0.8);
        double f14 = (0.2363 * 0.64) - (0.09675 * 0.8) + 0.02239;
        double f45 = (1.018 * 0.81) - (0.3107 * 0.9) + 0.1539;
        Assert.Equal(f14 / f45, t14.ScaleFromHorowitz, 12);
        var scaled = DigitalBaseline.Estimate(net, batch: 1, t14, reductionRows: 8);
        Close(spill.ComputeJ * f14 / f45, scaled.ComputeJ);
        Close(spill.ActivationMovementJ * f14 / f45, scaled.ActivationMovementJ);
        Close(spill.PartialSumJ * f14 / f45, scaled.PartialSumJ);
        Close(spill.WeightMovementJ * f14 / f45, scaled.WeightMovementJ); // an 8 KB SRAM scales

        var big = TestChips.Chain((1024, 1025, 1));
        Close(DigitalBaseline.Estimate(big, 1, h, null).WeightMovementJ, DigitalBaseline.Estimate(big, 1, t14, null).WeightMovementJ); // DRAM does not
    }

    /// <summary>
    /// A 5×4 layer in an 8×6-weight tile (16 rows, 12 columns physical; 2 rows and 2 columns per weight), 5 MVMs of 4
    /// bit-serial activations: rows driven are the used 10, the array is charged 20/48 of a read, and the ADC converts the
    /// used 8 columns when unused columns are gated, all 12 when not; the whole-tile worst case drives 16 rows, reads the
    /// whole array and converts 12 columns either way.
    /// </summary>
    [Fact]
    public void Used_cells_beside_the_whole_tile_worst_case_and_adc_gating()
    {
        var spec = TestChips.Small();
        var network = TestChips.Chain((5, 4, 5));
        var gated = CostEstimator.Estimate(network, new ChipModel(spec), 1, replicate: false);
        var ungatedSpec = spec with { Core = spec.Core with { Adc = spec.Core.Adc with { GatesUnusedColumns = false } } };
        var ungated = CostEstimator.Estimate(network, new ChipModel(ungatedSpec), 1, replicate: false);

        double Pj(CostEstimate e, string name) => e.Energy.First(x => x.Name == name).EnergyJ * 1e12;
        Assert.Equal(5 * 10 * 4 * 0.25, Pj(gated, "dac"), 9);
        Assert.Equal(5 * 4 * 10.0 * 20 / 48, Pj(gated, "array"), 9);
        Assert.Equal(5 * 8 * 4 * 2.0, Pj(gated, "adc"), 9);
        Assert.Equal(5 * 12 * 4 * 2.0, Pj(ungated, "adc"), 9);
        Assert.Equal(5 * 8 * 4 * 0.5, Pj(ungated, "accumulate"), 9); // only the used columns' results are accumulated
        Close((50 + (200.0 * 20 / 48) + 320) * 1e-12, gated.AnalogFrontEnd.UsedCellsJ);
        Close((50 + (200.0 * 20 / 48) + 480) * 1e-12, ungated.AnalogFrontEnd.UsedCellsJ);
        Close(5 * 4 * ((16 * 0.25) + 10 + (12 * 2.0)) * 1e-12, gated.AnalogFrontEnd.WholeTilesJ);
        Close(gated.AnalogFrontEnd.WholeTilesJ, ungated.AnalogFrontEnd.WholeTilesJ);

        // A full tile pays its whole-tile figure.
        var full = OneLayer();
        Close(full.AnalogFrontEnd.WholeTilesJ, full.AnalogFrontEnd.UsedCellsJ);
    }

    /// <summary>
    /// Data-dependent energy on the 5×4 layer: activity 0.25 scales DAC (50 pJ) and array (83.3 pJ) and leaves the ADC
    /// (320 pJ) and the rest alone; activity 1 is the estimate; a layer without activity is charged at full scale and named.
    /// </summary>
    [Fact]
    public void Data_dependent_energy_scales_drive_and_array_by_the_measured_activity()
    {
        var e = CostEstimator.Estimate(TestChips.Chain((5, 4, 5)), new ChipModel(TestChips.Small()), 1, replicate: false);
        double dacArray = (50 + (200.0 * 20 / 48)) * 1e-12, adc = 320e-12;
        var quarter = DataDependentEnergy.Of(e, new Dictionary<string, double> { ["y0"] = 0.25 });
        Close((0.25 * dacArray) + adc, quarter.AnalogFrontEndJ);
        Close(dacArray + adc, quarter.WorstCaseAnalogFrontEndJ);
        Close(e.EnergyPerInferenceJ - (0.75 * dacArray), quarter.EnergyPerInferenceJ);
        Assert.Empty(quarter.LayersAtFullScale);

        var full = DataDependentEnergy.Of(e, new Dictionary<string, double> { ["y0"] = 1 });
        Close(e.EnergyPerInferenceJ, full.EnergyPerInferenceJ);
        var none = DataDependentEnergy.Of(e, new Dictionary<string, double>());
        Close(e.EnergyPerInferenceJ, none.EnergyPerInferenceJ);
        Assert.Equal(["y0"], none.LayersAtFullScale);
        Assert.Throws<ArgumentOutOfRangeException>(() => DataDependentEnergy.Of(e, new Dictionary<string, double> { ["y0"] = 1.5 }));
    }
}
