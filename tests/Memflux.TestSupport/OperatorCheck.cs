using Memflux.Graph.Execution;
using Memflux.Numerics;
using Memflux.Onnx;
using Xunit;

namespace Memflux.TestSupport;

/// <summary>Runs a model in Memflux's reference executor and in ONNX Runtime and asserts they agree.</summary>
public static class OperatorCheck
{
    /// <summary>Default tolerance: |memflux − ort| ≤ atol + rtol·|ort| elementwise.</summary>
    public const float DefaultAbsoluteTolerance = 1e-5f;

    /// <summary>Default relative tolerance.</summary>
    public const float DefaultRelativeTolerance = 1e-5f;

    /// <summary>Imports and runs <paramref name="model"/> both ways; asserts equal shapes and values within tolerance.</summary>
    public static void MatchesOrt(byte[] model, IReadOnlyDictionary<string, Tensor> inputs, float atol = DefaultAbsoluteTolerance, float rtol = DefaultRelativeTolerance)
    {
        var expected = OrtOracle.Run(model, inputs);
        var graph = OnnxImporter.Load(model, "test.onnx");
        var actual = new ReferenceExecutor(graph).Run(inputs);
        foreach (var (name, want) in expected)
        {
            Assert.True(actual.TryGetValue(name, out var got), $"output '{name}' missing");
            AssertClose(want, got!, atol, rtol, name);
        }
    }

    /// <summary>Asserts that importing <paramref name="model"/> fails with a <see cref="MemfluxException"/> whose message contains every fragment.</summary>
    public static MemfluxException ImportFails(byte[] model, params string[] fragments)
    {
        var e = Assert.Throws<MemfluxException>(() => OnnxImporter.Load(model, "test.onnx"));
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        }

        return e;
    }

    /// <summary>Asserts that importing and running <paramref name="model"/> fails with a <see cref="MemfluxException"/> containing <paramref name="fragment"/>.</summary>
    public static MemfluxException RunFails(byte[] model, IReadOnlyDictionary<string, Tensor> inputs, string fragment)
    {
        var e = Assert.Throws<MemfluxException>(() => new ReferenceExecutor(OnnxImporter.Load(model, "test.onnx")).Run(inputs));
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        return e;
    }

    /// <summary>Asserts equal shape and type and elementwise |a − e| ≤ atol + rtol·|e|.</summary>
    public static void AssertClose(Tensor expected, Tensor actual, float atol, float rtol, string what = "tensor")
    {
        Assert.Equal(expected.Type, actual.Type);
        Assert.True(expected.Shape.Equals(actual.Shape), $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected.GetAsDouble(i), a = actual.GetAsDouble(i);
            if (double.IsNaN(e) && double.IsNaN(a))
            {
                continue;
            }

            double bound = atol + (rtol * Math.Abs(e));
            Assert.True(Math.Abs(a - e) <= bound || a.Equals(e), $"{what}[{i}]: got {a}, expected {e} (|diff| {Math.Abs(a - e):g3} > {bound:g3})");
        }
    }
}
