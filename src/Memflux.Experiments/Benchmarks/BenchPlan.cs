namespace Memflux.Experiments;

/// <summary>What <c>memflux bench</c> measures.</summary>
/// <param name="GemmSizes">Square GEMM sizes n (n×n times n×n).</param>
/// <param name="ResNetBatches">Batch sizes at which ResNet18 is run.</param>
/// <param name="Runs">Measured sample pairs (Memflux, ONNX Runtime) per case, after a warm-up.</param>
/// <param name="BudgetSeconds">Stop a case early (after 3 pairs) once its measured pairs took this long.</param>
internal sealed record BenchPlan(IReadOnlyList<int> GemmSizes, IReadOnlyList<int> ResNetBatches, int Runs, double BudgetSeconds)
{
    /// <summary>Whether ONNX Runtime's idle workers may spin-wait (its default; off unless asked, see the CLI's OrtRunner).</summary>
    public bool OrtSpinning { get; init; }

    /// <summary>256³, 1024³, 2048³ and ResNet18 at batch 1 and 8, nine pairs each.</summary>
    public static BenchPlan Full { get; } = new([256, 1024, 2048], [1, 8], Runs: 9, BudgetSeconds: 30);

    /// <summary>256³ and ResNet18 at batch 1, three pairs each.</summary>
    public static BenchPlan Quick { get; } = new([256], [1], Runs: 3, BudgetSeconds: 10);
}

/// <summary>One benchmark case: median seconds of each side and Memflux's time over ONNX Runtime's.</summary>
/// <param name="Name">The case, e.g. <c>gemm 1024^3</c>.</param>
/// <param name="MemfluxS">Median seconds of Memflux.</param>
/// <param name="OrtS">Median seconds of ONNX Runtime.</param>
/// <param name="Ratio">Median over interleaved pairs of Memflux's time over ONNX Runtime's: how many times slower Memflux is.</param>
/// <param name="Flops">Floating-point operations of one run (2 per MAC).</param>
internal sealed record BenchResult(string Name, double MemfluxS, double OrtS, double Ratio, double Flops)
{
    public double MemfluxGflops => Flops / MemfluxS / 1e9;

    public double OrtGflops => Flops / OrtS / 1e9;
}
