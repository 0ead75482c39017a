using Memflux.Numerics;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Small helpers shared by the operator test classes.</summary>
internal static class OpTest
{
    /// <summary>Tolerance for sums of products (Conv, Gemm, MatMul): summation order differs from ONNX Runtime's.</summary>
    public const float SumAbsoluteTolerance = 1e-5f;

    /// <summary>Relative tolerance for sums of products.</summary>
    public const float SumRelativeTolerance = 1e-4f;

    /// <summary>Tolerance for exp/log/sqrt based ops (Softmax, normalizations).</summary>
    public const float TranscendentalAbsoluteTolerance = 2e-6f;

    /// <summary>Relative tolerance for exp/log/sqrt based ops.</summary>
    public const float TranscendentalRelativeTolerance = 2e-5f;

    /// <summary>A seeded uniform input named <paramref name="name"/>.</summary>
    public static Dictionary<string, Tensor> Input(string name, int[] dims, int seed = 1) =>
        new() { [name] = RandomTensors.Uniform(seed, dims) };

    /// <summary>Asserts that importing <paramref name="model"/> fails with a MemfluxException naming the node and each fragment.</summary>
    public static void AssertRejected(byte[] model, string nodeName, params string[] fragments)
    {
        var e = Assert.Throws<MemfluxException>(() => OnnxImporter.Load(model, "test.onnx"));
        Assert.Contains($"'{nodeName}'", e.Message, StringComparison.Ordinal);
        foreach (string f in fragments)
        {
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        }
    }
}
