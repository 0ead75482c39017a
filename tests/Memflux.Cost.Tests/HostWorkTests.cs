using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Cost.Tests;

/// <summary>Digital work on a host across a link (<c>digital_work: "host"</c>): what crosses, what it costs, how long it takes.</summary>
public class HostWorkTests
{
    private const double HostGops = 2, HostPjPerOp = 70, HostGbps = 4, HostLatencyNs = 500, HostPjPerBit = 5;

    // x [1, 4, 8] → MatMul (8×6) → Softmax → Reshape → MatMul (6×5): 4 tokens, Softmax over 4 × 6 values between two layers.
    private static NetworkProfile Profile()
    {
        var graph = OnnxImporter.Load(
            new OnnxModelBuilder().Input("x", [1, 4, 8])
                .Initializer("w1", RandomTensors.Uniform(1, [8, 6])).Initializer("w2", RandomTensors.Uniform(2, [6, 5]))
                .Initializer("shape", Numerics.Tensor.FromInt64([1, 4, 6], new Numerics.TensorShape(3)))
                .Node("MatMul", ["x", "w1"], ["h"]).Node("Softmax", ["h"], ["p"], ("axis", -1L))
                .Node("Reshape", ["p", "shape"], ["q"]).Node("MatMul", ["q", "w2"], ["y"]).Output("y").Build(),
            "host-chain", new ImportOptions { Pipeline = PassPipeline.Default });
        return NetworkProfileBuilder.Build(graph, 1);
    }

    private static ChipModel Chip(bool host)
    {
        var chip = TestChips.WithSystem(TestChips.Small(cores: 4, meshRows: 2, meshCols: 2, tilesPerCore: 2, linkGbps: 100));
        var system = chip.System! with { Chips = ChipCount.Exactly(1) };
        if (host)
        {
            system = system with
            {
                DigitalWork = SystemSpec.HostDigitalWork,
                Host = new HostSpec(new ChipLinkSpec(HostGbps, HostLatencyNs, HostPjPerBit, 0.3, "[t] link"), HostGops, HostPjPerOp, "[t] host"),
            };
        }

        return new ChipModel(chip with { System = system });
    }

    [Fact]
    public void The_softmax_between_two_layers_sends_its_input_up_and_its_output_back_once()
    {
        var profile = Profile();
        var softmax = profile.DigitalNodes.Single(d => d.OpType == "Softmax");
        var reshape = profile.DigitalNodes.Single(d => d.OpType == "Reshape");
        Assert.Equal(24, softmax.HostInValuesPerImage); // the first MatMul's 4 × 6 outputs
        Assert.Equal(24, softmax.HostOutValuesPerImage); // read by the second MatMul through the Reshape, charged to the Softmax
        Assert.Equal(0, reshape.HostInValuesPerImage + reshape.HostOutValuesPerImage);
    }

    [Fact]
    public void Host_work_costs_its_ops_and_link_bits_and_adds_the_link_to_the_timing()
    {
        var profile = Profile();
        var onChip = CostEstimator.Estimate(profile, Chip(host: false), 1, replicate: false);
        var onHost = CostEstimator.Estimate(profile, Chip(host: true), 1, replicate: false);
        long ops = profile.DigitalNodes.Single(d => d.OpType == "Softmax").OpsPerImage;
        Assert.True(ops > 0);
        double J(CostEstimate e, string name) => e.Energy.SingleOrDefault(c => c.Name == name)?.EnergyJ ?? 0;

        // Energy: the Softmax leaves the chip's activation units for the host; 24 values up at 8 output bits, 24 back at 4 input bits.
        double bits = (24 * 8) + (24 * 4);
        Assert.Equal(ops * HostPjPerOp, J(onHost, EnergyBreakdown.HostOps) * 1e12, 6);
        Assert.Equal(bits * HostPjPerBit, J(onHost, EnergyBreakdown.HostLink) * 1e12, 6);
        Assert.Equal((J(onChip, "activation") * 1e12) - ops, J(onHost, "activation") * 1e12, 6); // the test chip's activation unit: 1 pJ/op
        Assert.Null(onChip.Host);
        Assert.Equal(bits, onHost.Host!.BitsToHost + onHost.Host.BitsFromHost, 9);
        Assert.Equal(onHost.EnergyPerInferenceJ * 1e12, onHost.Energy.Sum(c => c.EnergyJ) * 1e12, 6);
        Assert.Equal(onChip.AreaMm2 + 0.3, onHost.AreaMm2, 9);

        // Time: the host link's two latencies at least, the host busy for ops / throughput, and the host and its link in the shares.
        Assert.True(onHost.Timing.LatencyNs > onChip.Timing.LatencyNs && onHost.Timing.LatencyNs >= 2 * HostLatencyNs, $"{onHost.Timing.LatencyNs} vs {onChip.Timing.LatencyNs}");
        Assert.Equal(ops / HostGops, onHost.Timing.BusyNsByKind[TimingResourceKind.Host], 6);
        Assert.Equal(bits / HostGbps, onHost.Timing.BusyNsByKind[TimingResourceKind.HostLink], 6);
        Assert.True(onHost.TimeShares.ChipToChip > 0);
        Assert.True(onHost.EnergyShares.ChipToChip > 0);
        Assert.Equal(0, onChip.TimeShares.ChipToChip);

        // Nothing contends on this chain: the simulation and the closed form agree.
        Assert.Equal(onHost.ClosedForm.LatencyNs, onHost.Timing.LatencyNs, 6);
        Assert.Equal(onHost.ClosedForm.InitiationIntervalNs, onHost.Timing.InitiationIntervalNs, 6);
    }
}
