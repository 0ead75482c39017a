using BenchmarkDotNet.Attributes;
using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Cost;
using Memflux.Graph;

namespace Memflux.Benchmarks;

/// <summary>
/// Issue 5 §7: compile + estimate of ResNet18 (target under 1 s) and estimate evaluations of a fashion-cnn-size model
/// through the API for design sweeps (target at least 1000 per second, i.e. under 1 ms each).
/// </summary>
[MemoryDiagnoser]
public class CostBenchmarks
{
    private ComputeGraph _resnet = null!;
    private NetworkProfile _fashion = null!;
    private ChipModel _isaac = null!;
    private ChipModel _hermes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _resnet = CostModels.Import(CostModels.ResNet18Path, 1);
        _fashion = NetworkProfileBuilder.Build(CostModels.Import(CostModels.Zoo("fashion-cnn"), 1), 1);
        _isaac = new ChipModel(ChipPresets.Isaac);
        _hermes = new ChipModel(ChipPresets.Hermes);
    }

    /// <summary>ResNet18 from its imported graph: profile, compile (partition, replicate, place), simulate, energy.</summary>
    [Benchmark]
    public CostEstimate ResNet18_compile_and_estimate_on_isaac() => CostEstimator.Estimate(_resnet, 1, ChipPresets.Isaac);

    /// <summary>One design-sweep evaluation: fashion-cnn (profiled once) on hermes.</summary>
    [Benchmark]
    public CostEstimate FashionCnn_estimate_on_hermes() => CostEstimator.Estimate(_fashion, _hermes, 1);

    /// <summary>The same on isaac, where replication spreads it over thousands of tiles.</summary>
    [Benchmark]
    public CostEstimate FashionCnn_estimate_on_isaac() => CostEstimator.Estimate(_fashion, _isaac, 1);
}
