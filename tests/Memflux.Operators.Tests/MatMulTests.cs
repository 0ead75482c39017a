using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class MatMulTests
{
    [Theory]
    [InlineData(new[] { 3, 5 }, new[] { 5, 4 })]
    [InlineData(new[] { 1, 1 }, new[] { 1, 1 })]
    [InlineData(new[] { 7 }, new[] { 7, 3 })]
    [InlineData(new[] { 2, 3, 7 }, new[] { 7 })]
    [InlineData(new[] { 5 }, new[] { 5 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 4, 5 })]
    [InlineData(new[] { 2, 3, 4 }, new[] { 2, 4, 5 })]
    [InlineData(new[] { 3, 4 }, new[] { 2, 4, 5 })]
    [InlineData(new[] { 2, 1, 3, 4 }, new[] { 1, 3, 4, 2 })]
    [InlineData(new[] { 1, 3, 2, 4 }, new[] { 2, 1, 4, 3 })]
    [InlineData(new[] { 5, 1, 2, 9 }, new[] { 9, 1 })]
    [InlineData(new[] { 2, 2, 3 }, new[] { 1, 3, 5 })]
    public void Matches_ort(int[] a, int[] b)
    {
        var model = new OnnxModelBuilder(opset: 13).Input("a", a).Input("b", b).Node("MatMul", ["a", "b"], ["y"]).Output("y").Build();
        var inputs = OpTest.Input("a", a);
        inputs["b"] = RandomTensors.Uniform(9, b);
        OperatorCheck.MatchesOrt(model, inputs, OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(21)]
    public void Matches_ort_across_opsets(int opset)
    {
        var model = new OnnxModelBuilder(opset: opset).Input("a", [2, 3, 6]).Initializer("b", RandomTensors.Uniform(4, [6, 5]))
            .Node("MatMul", ["a", "b"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("a", [2, 3, 6]), OpTest.SumAbsoluteTolerance, OpTest.SumRelativeTolerance);
    }

    [Fact]
    public void Counts_macs()
    {
        var model = new OnnxModelBuilder(opset: 13).Input("a", [2, 3, 4]).Input("b", [4, 5]).Node("MatMul", ["a", "b"], ["y"]).Output("y").Build();
        var node = OnnxImporter.Load(model, "test.onnx").Nodes[0];
        Assert.Equal(2L * 3 * 5 * 4, Graph.Ops.OperatorRegistry.Default.Resolve(node).CountMacs(node));
    }

    [Theory]
    [InlineData(new[] { 3, 4 }, new[] { 5, 2 }, "inner dimensions differ")]
    [InlineData(new[] { 2, 3, 4 }, new[] { 3, 4, 2 }, "do not broadcast")]
    public void Rejects_incompatible_shapes(int[] a, int[] b, string fragment)
    {
        var model = new OnnxModelBuilder(opset: 13).Input("a", a).Input("b", b).Node("MatMul", ["a", "b"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(model, "MatMul_0", fragment);
    }

    [Fact]
    public void Rejects_attributes_and_wrong_input_count()
    {
        var attr = new OnnxModelBuilder(opset: 13).Input("a", [2, 2]).Node("MatMul", ["a", "a"], ["y"], ("transA", 1L)).Output("y").Build();
        OpTest.AssertRejected(attr, "MatMul_0", "'transA' is not supported");
        var one = new OnnxModelBuilder(opset: 13).Input("a", [2, 2]).Node("MatMul", ["a"], ["y"]).Output("y").Build();
        OpTest.AssertRejected(one, "MatMul_0", "expected 2 inputs, found 1");
    }
}
