using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class SplitTests
{
    private static byte[] Model(int opset, int[] dims, int outputs, Action<OnnxModelBuilder, string[]> node, DataType type = DataType.Float32)
    {
        var builder = new OnnxModelBuilder(opset).Input("x", dims, type);
        string[] names = [.. Enumerable.Range(0, outputs).Select(i => $"y{i}")];
        node(builder, names);
        foreach (string name in names)
        {
            builder.Output(name, type);
        }

        return builder.Build();
    }

    [Theory]
    [InlineData(7)]
    [InlineData(13)]
    public void Equal_split_matches_ort(int opset)
    {
        var model = Model(opset, [2, 6, 5], 3, (b, y) => b.Node("Split", ["x"], y, ("axis", 1L)));
        OperatorCheck.MatchesOrt(model, Feeds.X([2, 6, 5]));
    }

    [Fact]
    public void Split_attribute_before_13_matches_ort()
    {
        var model = Model(11, [3, 7], 3, (b, y) => b.Node("Split", ["x"], y, ("axis", -1L), ("split", new long[] { 1, 4, 2 })));
        OperatorCheck.MatchesOrt(model, Feeds.X([3, 7]));
    }

    [Fact]
    public void Split_input_from_13_matches_ort()
    {
        var model = Model(13, [7, 2], 2, (b, y) => b.Initializer("s", Tensor.Vector(5, 2)).Node("Split", ["x", "s"], y));
        OperatorCheck.MatchesOrt(model, Feeds.X([7, 2]));
    }

    [Theory]
    [InlineData(6, 3)]
    [InlineData(7, 3)]
    [InlineData(5, 2)]
    public void Num_outputs_from_18_matches_ort(int dim, int outputs)
    {
        var model = Model(18, [2, dim], outputs, (b, y) => b.Node("Split", ["x"], y, ("axis", 1L), ("num_outputs", (long)outputs)));
        OperatorCheck.MatchesOrt(model, Feeds.X([2, dim]));
    }

    [Fact]
    public void Int64_matches_ort()
    {
        var model = Model(13, [5], 2, (b, y) => b.Initializer("s", Tensor.Vector(2, 3)).Node("Split", ["x", "s"], y), DataType.Int64);
        OperatorCheck.MatchesOrt(model, Feeds.XInt64([5]));
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        OperatorCheck.ImportFails(Model(13, [7], 2, (b, y) => b.Node("Split", ["x"], y)), "Split node", "does not split into 2 equal parts");
        OperatorCheck.ImportFails(Model(13, [7], 2, (b, y) => b.Initializer("s", Tensor.Vector(3, 3)).Node("Split", ["x", "s"], y)), "summing to 7");
        OperatorCheck.ImportFails(Model(13, [7], 2, (b, y) => b.Input("s", [2], DataType.Int64).Node("Split", ["x", "s"], y)), "input 1 (split)", "dynamic shapes");
        OperatorCheck.ImportFails(Model(13, [7], 2, (b, y) => b.Node("Split", ["x"], y, ("axis", 1L))), "axis 1 is out of range");
        OperatorCheck.ImportFails(Model(18, [6], 2, (b, y) => b.Node("Split", ["x"], y)), "from opset 18", "num_outputs");
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Split", 13).In(TypedTensors.Random(type, 1, [2, 5])).Const(Tensor.Vector(2, 3)).Attr("axis", 1L).Out(type).Out(type).MatchesOrt();
}
