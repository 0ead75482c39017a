using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class TriluTests
{
    public static TheoryData<int[], long?, long> Cases => new()
    {
        { new[] { 4, 5 }, null, 1 },
        { new[] { 4, 5 }, null, 0 },
        { new[] { 4, 5 }, 2L, 1 },
        { new[] { 4, 5 }, -1L, 1 },
        { new[] { 4, 5 }, -1L, 0 },
        { new[] { 4, 5 }, 7L, 1 },     // beyond the matrix
        { new[] { 4, 5 }, -7L, 0 },
        { new[] { 5, 3 }, 1L, 0 },
        { new[] { 2, 3, 3 }, null, 0 }, // batched
        { new[] { 2, 2, 1, 5 }, 2L, 1 },
        { new[] { 1, 1 }, 0L, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_match_ort(int[] dims, long? k, long upper)
    {
        var node = new NodeCase("Trilu", 14).In(TypedTensors.Random(DataType.Float32, 1, dims));
        if (k is long kk)
        {
            node.Const(TypedTensors.Scalar(DataType.Int64, kk));
        }

        node.Attr("upper", upper).Out(DataType.Float32).MatchesOrt();
    }

    [Fact]
    public void K_computed_at_run_time_matches_ort()
    {
        foreach (long k in new long[] { -2, 0, 3 })
        {
            new NodeCase("Trilu", 14).In(TypedTensors.Random(DataType.Int64, 1, [3, 4])).In(TypedTensors.Scalar(DataType.Int64, k)).Attr("upper", 0L).Out(DataType.Int64).MatchesOrt();
        }
    }

    // ONNX Runtime's CPU Trilu has no uint8 or narrower integer kernels (see Uint8_matches_ort_on_int32).
    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Bool)]
    [InlineData(DataType.Float64)]
    public void Every_type_ort_implements_matches_ort(DataType type)
    {
        foreach (long upper in new long[] { 0, 1 })
        {
            new NodeCase("Trilu", 14).In(TypedTensors.Random(type, 2, [2, 3, 4])).Const(TypedTensors.Scalar(DataType.Int64, 1)).Attr("upper", upper).Out(type).MatchesOrt();
        }
    }

    [Fact]
    public void Uint8_matches_ort_on_int32()
    {
        var x = TypedTensors.Random(DataType.UInt8, 5, [3, 4]);
        var wide = Tensor.From(x.AsSpan<byte>().ToArray().Select(v => (int)v).ToArray(), x.Shape);
        var expected = Memflux.TestSupport.OrtOracle.Run(new NodeCase("Trilu", 14).In(wide).Attr("upper", 0L).Out(DataType.Int32).Build(), new Dictionary<string, Tensor> { ["x0"] = wide })["y0"];
        var graph = Memflux.Onnx.OnnxImporter.Load(new NodeCase("Trilu", 14).In(x).Attr("upper", 0L).Out(DataType.UInt8).Build(), "test.onnx");
        var actual = new Memflux.Graph.Execution.ReferenceExecutor(graph).Run(new Dictionary<string, Tensor> { ["x0"] = x })["y0"];
        Assert.Equal(expected.AsSpan<int>().ToArray(), actual.AsSpan<byte>().ToArray().Select(v => (int)v));
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        new NodeCase("Trilu", 14).In(TypedTensors.Random(DataType.Float32, 1, [4])).Out(DataType.Float32).ImportFails("rank 2 or more");
        new NodeCase("Trilu", 14).In(TypedTensors.Random(DataType.Float32, 1, [2, 2])).Const(Tensor.Vector(1, 2)).Out(DataType.Float32).ImportFails("int64 scalar");
    }
}
