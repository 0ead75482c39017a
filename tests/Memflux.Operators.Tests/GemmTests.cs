using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class GemmTests
{
    private sealed record Case(int[] A, int[] B, int[]? C, int Opset, (string, object)[] Attributes);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["plain_full_c"] = new([3, 5], [5, 4], [3, 4], 7, []),
        ["transB_row_c"] = new([2, 7], [9, 7], [9], 9, [("transB", 1L)]),
        ["transA_scalar_c"] = new([6, 3], [6, 5], [], 11, [("transA", 1L), ("alpha", 0.5f), ("beta", 2f)]),
        ["both_trans_column_c"] = new([4, 1], [3, 4], [1, 3], 13, [("transA", 1L), ("transB", 1L), ("alpha", -1.5f)]),
        ["column_broadcast_c"] = new([5, 3], [3, 2], [5, 1], 13, [("beta", 0.25f)]),
        ["one_by_one_c"] = new([1, 1], [1, 1], [1, 1], 21, []),
        ["no_c"] = new([3, 17], [17, 1], null, 11, [("alpha", 2f)]),
        ["beta_zero"] = new([2, 3], [3, 2], [2, 2], 13, [("beta", 0f)]),
        ["fc_layer"] = new([2, 64], [10, 64], [10], 8, [("transB", 1L), ("alpha", 1f), ("beta", 1f)]),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Matches_ort(string name)
    {
        var c = Cases[name];
        var b = new OnnxModelBuilder(opset: c.Opset).Input("a", c.A).Initializer("b", RandomTensors.Uniform(2, c.B));
        string[] inputs = ["a", "b"];
        if (c.C is not null)
        {
            b.Initializer("c", RandomTensors.Uniform(3, c.C));
            inputs = ["a", "b", "c"];
        }

        var model = b.Node("Gemm", inputs, ["y"], c.Attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("a", c.A), OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Fact]
    public void Counts_macs()
    {
        var graph = OnnxImporter.Load(Build([6, 3], [6, 5], [5], ("transA", 1L)), "test.onnx");
        var node = graph.Nodes[0];
        Assert.Equal(3L * 5 * 6, Graph.Ops.OperatorRegistry.Default.Resolve(node).CountMacs(node));
    }

    [Fact]
    public void Rejects_invalid_nodes()
    {
        OpTest.AssertRejected(Build([3, 4], [5, 2], [2]), "Gemm_0", "inner dimensions differ");
        OpTest.AssertRejected(Build([3, 4], [4, 2], [3]), "Gemm_0", "does not broadcast");
        OpTest.AssertRejected(Build([3, 4, 1], [4, 2], [2]), "Gemm_0", "2-D");
        OpTest.AssertRejected(Build([3, 4], [4, 2], [2], ("transA", 2L)), "Gemm_0", "'transA' is 2");
        OpTest.AssertRejected(Build([3, 4], [4, 2], [2], ("broadcast", 1L)), "Gemm_0", "'broadcast'");
        OpTest.AssertRejected(Build([3, 4], [4, 2], [2], ("gamma", 1f)), "Gemm_0", "'gamma' is not supported");
        OpTest.AssertRejected(Build([3, 4], [4, 2], null, opset: 9), "Gemm_0", "C is required before opset 11");
        var threeInputsTooMany = new OnnxModelBuilder(opset: 13).Input("a", [2, 2])
            .Node("Gemm", ["a", "a", "a", "a"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(threeInputsTooMany, "Gemm_0", "expected 2 to 3 inputs, found 4");
    }

    [Fact]
    public void Broadcast_attribute_is_accepted_up_to_opset_8()
    {
        var model = Build([3, 4], [4, 2], [3, 2], opset: 7, ("broadcast", 0L));
        var graph = OnnxImporter.Load(model, "test.onnx");
        Assert.Equal(new Numerics.TensorShape(3, 2), graph.Outputs[0].Shape);
        OpTest.AssertRejected(Build([3, 4], [4, 2], [2], opset: 7, ("broadcast", 0L)), "Gemm_0", "broadcast=0 requires exactly [3,2]");
    }

    private static byte[] Build(int[] a, int[] b, int[]? c, params (string, object)[] attributes) => Build(a, b, c, 13, attributes);

    private static byte[] Build(int[] a, int[] b, int[]? c, int opset, params (string, object)[] attributes)
    {
        var m = new OnnxModelBuilder(opset: opset).Input("a", a).Initializer("b", RandomTensors.Uniform(2, b));
        if (c is not null)
        {
            m.Initializer("c", RandomTensors.Uniform(3, c));
        }

        return m.Node("Gemm", c is null ? ["a", "b"] : ["a", "b", "c"], ["y"], attributes).Output("y").Build();
    }
}
