using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class EqualTests : ComparisonOpTests
{
    protected override string OpType => "Equal";

    protected override int FirstOpset => 11;

    [Theory]
    [InlineData(new[] { 2, 3 }, new[] { 2, 3 })]
    [InlineData(new[] { 2, 3 }, new[] { 3 })]
    [InlineData(new int[0], new[] { 4 })]
    public void Bool_inputs_match_ort(int[] a, int[] b)
    {
        var model = new OnnxModelBuilder(13).Input("a", a, DataType.Bool).Input("b", b, DataType.Bool).Node("Equal", ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = TypedTensors.Bools(1, a), ["b"] = TypedTensors.Bools(2, b) }, 0, 0);
    }

    [Fact]
    public void Int64_at_opset_7_matches_ort()
    {
        var model = new OnnxModelBuilder(7).Input("a", [4], DataType.Int64).Input("b", [1], DataType.Int64).Node("Equal", ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = Tensor.Vector(1, 2, 3, 2), ["b"] = Tensor.Vector(2) }, 0, 0);
    }
}
