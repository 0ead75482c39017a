using BenchmarkDotNet.Attributes;
using Memflux.Numerics;

namespace Memflux.Benchmarks;

/// <summary>A ResNet-like 3×3, 64→64 channel, 56×56, pad 1 convolution, in Memflux and in ONNX Runtime.</summary>
[MemoryDiagnoser]
public class ConvBenchmarks : IDisposable
{
    internal static readonly Conv2DGeometry Geometry = new(1, 64, 56, 56, 64, 3, 3, PadTop: 1, PadLeft: 1, PadBottom: 1, PadRight: 1);
    private float[] _x = [], _w = [], _bias = [], _y = [], _yOrt = [];
    private OrtConv? _ort;

    [GlobalSetup]
    public void Setup()
    {
        _x = Data.Uniform(1, Geometry.InputLength);
        _w = Data.Uniform(2, Geometry.WeightLength);
        _bias = Data.Uniform(3, Geometry.OutChannels);
        _y = new float[Geometry.OutputLength];
        _yOrt = new float[Geometry.OutputLength];
        _ort = new OrtConv(Geometry, _x, _w, _bias, _yOrt);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _ort?.Dispose();
        _ort = null;
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true)]
    public void Conv3x3_64x56x56() => Convolution.Conv2D(Geometry, _x, _w, _bias, _y);

    [Benchmark]
    public void Conv3x3_64x56x56_OnnxRuntime() => _ort!.Run();
}
