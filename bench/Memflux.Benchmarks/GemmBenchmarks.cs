using BenchmarkDotNet.Attributes;
using Memflux.Numerics;

namespace Memflux.Benchmarks;

/// <summary>Square SGEMM C = A·B in Memflux and in ONNX Runtime (MLAS) on the same operands.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks : IDisposable
{
    private float[] _a = [], _b = [], _c = [];
    private OrtMatMul? _ort;

    [Params(256, 1024, 2048)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _a = Data.Uniform(1, N * N);
        _b = Data.Uniform(2, N * N);
        _c = new float[N * N];
        _ort = new OrtMatMul(_a, _b, _c, N, N, N);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _ort?.Dispose();
        _ort = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public void Memflux() => Gemm.Multiply(_a, _b, _c, N, N, N);

    [Benchmark]
    public void OnnxRuntime() => _ort!.Run();
}
