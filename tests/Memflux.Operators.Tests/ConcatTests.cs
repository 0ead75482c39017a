using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ConcatTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 5 }, new[] { 2, 4, 5 }, 1L)]
    [InlineData(new[] { 2, 3, 5 }, new[] { 2, 3, 1 }, -1L)]
    [InlineData(new[] { 1, 3 }, new[] { 4, 3 }, 0L)]
    [InlineData(new[] { 1, 3 }, new[] { 4, 3 }, -2L)]
    [InlineData(new[] { 7 }, new[] { 1 }, 0L)]
    public void Matches_ort(int[] a, int[] b, long axis)
    {
        var model = new OnnxModelBuilder(13).Input("a", a).Input("b", b).Input("c", a)
            .Node("Concat", ["a", "b", "c"], ["y"], ("axis", axis)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
        {
            ["a"] = RandomTensors.Uniform(1, a),
            ["b"] = RandomTensors.Uniform(2, b),
            ["c"] = RandomTensors.Uniform(3, a),
        });
    }

    [Fact]
    public void Single_input_and_int64_match_ort()
    {
        var model = new OnnxModelBuilder(7).Input("a", [3], DataType.Int64).Initializer("k", Tensor.Vector(-1, 5))
            .Node("Concat", ["a", "k"], ["y"], ("axis", 0L)).Node("Concat", ["y"], ["z"], ("axis", 0L)).Output("z", DataType.Int64).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = RandomTensors.UniformInt64(1, [3]) });
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var mismatch = new OnnxModelBuilder(13).Input("a", [2, 3]).Input("b", [3, 3]).Node("Concat", ["a", "b"], ["y"], ("axis", 1L)).Output("y").Build();
        OperatorCheck.ImportFails(mismatch, "Concat node", "input 1 has shape [3,3]", "axis 1");
        var rank = new OnnxModelBuilder(13).Input("a", [2, 3]).Input("b", [2]).Node("Concat", ["a", "b"], ["y"], ("axis", 0L)).Output("y").Build();
        OperatorCheck.ImportFails(rank, "rank 1", "rank 2");
        var axis = new OnnxModelBuilder(13).Input("a", [2, 3]).Node("Concat", ["a", "a"], ["y"], ("axis", -3L)).Output("y").Build();
        OperatorCheck.ImportFails(axis, "axis -3 is out of range");
        var missing = new OnnxModelBuilder(13).Input("a", [2, 3]).Node("Concat", ["a", "a"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(missing, "required attribute 'axis'");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Concat", 13).In(TypedTensors.Random(type, 1, [2, 3])).In(TypedTensors.Random(type, 2, [2, 1])).Const(TypedTensors.Random(type, 3, [2, 2])).Attr("axis", -1L).Out(type).MatchesOrt();
}
