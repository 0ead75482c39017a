using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class CompressTests
{
    public static TheoryData<int[], bool[], long?> Cases => new()
    {
        { new[] { 3, 2 }, new[] { false, true, true }, 0L },
        { new[] { 3, 2 }, new[] { false, true }, 1L },
        { new[] { 3, 2 }, new[] { false, true, false, false, true }, null },   // flattened
        { new[] { 3, 2 }, new[] { false, true }, -1L },
        { new[] { 2, 4, 3 }, new[] { true, false, true }, 1L },               // shorter than the axis
        { new[] { 4 }, new[] { false, false, false, false }, 0L },            // nothing kept
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_match_ort(int[] dims, bool[] condition, long? axis)
    {
        foreach (int opset in new[] { 9, 11 })
        {
            var node = new NodeCase("Compress", opset).In(TypedTensors.Random(DataType.Float32, 1, dims)).Const(Tensor.From(condition, new TensorShape(condition.Length)));
            if (axis is long a)
            {
                if (a < 0 && opset < 11)
                {
                    continue;
                }

                node.Attr("axis", a);
            }

            node.Out(DataType.Float32).MatchesOrt();
        }
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("Compress", 11).In(TypedTensors.Random(type, 1, [3, 4])).Const(Tensor.From(new[] { true, false, true }, new TensorShape(3))).Attr("axis", 0L).Out(type).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var x = TypedTensors.Random(DataType.Float32, 1, [3, 2]);
        new NodeCase("Compress", 11).In(x).In(Tensor.From(new[] { true, false }, new TensorShape(2))).Attr("axis", 1L).Out(DataType.Float32).ImportFails("output shape is data-dependent", "input 1 (condition)");
        new NodeCase("Compress", 11).In(x).Const(Tensor.From(new[] { true, false, true }, new TensorShape(3))).Attr("axis", 1L).Out(DataType.Float32).ImportFails("has only 2");
        new NodeCase("Compress", 11).In(x).Const(Tensor.Vector(1, 0)).Attr("axis", 1L).Out(DataType.Float32).ImportFails("1-D bool");
    }
}
