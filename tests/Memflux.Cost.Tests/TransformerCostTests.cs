using Memflux.Chip.Hardware;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Memflux.TestSupport.Models;

namespace Memflux.Cost.Tests;

/// <summary>A small BERT (as torch.onnx exports it) on a preset chip: where time and energy go, and how attention's digital work scales.</summary>
public class TransformerCostTests
{
    private static CostEstimate Estimate(int sequence, int batch = 1)
    {
        var model = ExportedModels.Bert(batch: batch, sequence: sequence);
        var graph = OnnxImporter.Load(model.Bytes, model.Name, new ImportOptions { BatchSize = batch, Pipeline = PassPipeline.Default });
        return CostEstimator.Estimate(graph, batch, ChipPresets.Get("hermes"));
    }

    [Fact]
    public void Shares_sum_to_one_and_the_digital_share_is_non_zero()
    {
        var e = Estimate(16);
        foreach (var s in new[] { e.EnergyShares, e.TimeShares, e.BaselineEnergyShares })
        {
            Assert.Equal(1, s.Analog + s.Digital + s.OnChipMovement + s.ChipToChip + s.Static, 12);
            Assert.All(new[] { s.Analog, s.Digital, s.OnChipMovement, s.ChipToChip, s.Static }, v => Assert.InRange(v, 0, 1));
        }

        Assert.True(e.EnergyShares.Digital > 0);
        Assert.True(e.TimeShares.Digital > 0);
        Assert.True(e.TimeShares.Analog > 0);
        Assert.Equal(0, e.TimeShares.ChipToChip); // one chip
        Assert.Equal(0, e.TimeShares.Static);
        Assert.Equal(0, e.BaselineEnergyShares.Analog);
        Assert.Equal(1 - (e.Baseline.ComputeJ / e.Baseline.EnergyJ), e.BaselineEnergyShares.OnChipMovement, 12);

        // The token-wise layers stream tokens; the layers after attention wait for all of them.
        Assert.Equal(16, e.Timing.TokensPerImage);
        Assert.Contains(e.System.Network.Layers, l => l.Rows is { Tokens: true, WaitsForWholeInput: true });
        Assert.Contains(e.System.Network.Layers, l => l.Rows is { Tokens: true, WaitsForWholeInput: false });
    }

    [Fact]
    public void Digital_time_grows_quadratically_with_the_sequence_through_attention()
    {
        // Digital busy time D(s) = a·s² (Q·Kᵀ, softmax, probabilities·V) + b·s (per-token work) + c (the pooler): its
        // second difference over s, 2s, 3s, 4s is constant (2·a·s²) and positive, its third difference zero.
        double[] d = [.. new[] { 8, 16, 24, 32 }.Select(s => Estimate(s).Timing.BusyNsByKind[TimingResourceKind.DigitalUnits])];
        double second1 = d[2] - (2 * d[1]) + d[0], second2 = d[3] - (2 * d[2]) + d[1];
        Assert.True(second1 > 0, $"digital time {string.Join(", ", d)} ns is not convex in the sequence");
        Assert.Equal(second1, second2, second1 * 1e-6);
    }

    [Fact]
    public void Every_energy_component_has_a_category()
    {
        var names = EnergyBreakdown.Names.Select(n => new ComponentEnergy(n, 1)).ToArray();
        var s = CostShares.OfEnergy(names);
        Assert.Equal(3.0 / names.Length, s.Analog, 12);
        Assert.Throws<InvalidOperationException>(() => CostShares.OfEnergy([new ComponentEnergy("unknown", 1)]));
    }
}
