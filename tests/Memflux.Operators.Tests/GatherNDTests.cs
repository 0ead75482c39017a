using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class GatherNDTests
{
    public static TheoryData<int[], long[], int[], long> Cases => new()
    {
        { new[] { 2, 2 }, new long[] { 0, 0, 1, 1 }, new[] { 2, 2 }, 0 },
        { new[] { 2, 2 }, new long[] { 1, 0 }, new[] { 2, 1 }, 0 },
        { new[] { 2, 2, 2 }, new long[] { 0, 1, 1, 0 }, new[] { 2, 2 }, 0 },
        { new[] { 2, 2, 2 }, new long[] { 0, 1, 1, 0 }, new[] { 2, 1, 2 }, 0 },
        { new[] { 3, 4, 5 }, new long[] { -1, 2, 0, -4, 2, 3 }, new[] { 3, 2 }, 0 },
        { new[] { 2, 2, 2 }, new long[] { 1, 0 }, new[] { 2, 1 }, 1 },
        { new[] { 2, 3, 4 }, new long[] { 2, 1, 0, 3 }, new[] { 2, 1, 2 }, 1 },
        { new[] { 2, 3, 4, 5 }, new long[] { 0, 4, 3, 2, 1, 1, 2, 2, 0, 0, 3, 4 }, new[] { 2, 3, 2 }, 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cases_match_ort(int[] dataDims, long[] indices, int[] indexDims, long batchDims)
    {
        foreach (int opset in batchDims == 0 ? new[] { 11, 12, 13 } : [12, 13])
        {
            var node = new NodeCase("GatherND", opset).In(TypedTensors.Random(DataType.Float32, 1, dataDims)).In(Tensor.FromInt64(indices, new TensorShape(indexDims)));
            if (batchDims != 0)
            {
                node.Attr("batch_dims", batchDims);
            }

            node.Out(DataType.Float32).MatchesOrt();
        }
    }

    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type) =>
        new NodeCase("GatherND", 13).In(TypedTensors.Random(type, 1, [3, 2, 2])).In(Tensor.FromInt64([2, 1, 0, 0], new TensorShape(2, 2))).Out(type).MatchesOrt();

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var data = TypedTensors.Random(DataType.Float32, 1, [2, 2]);
        new NodeCase("GatherND", 13).In(data).In(Tensor.FromInt64([0, 0, 0], new TensorShape(1, 3))).Out(DataType.Float32).ImportFails("must be 1 to 2");
        new NodeCase("GatherND", 13).In(data).In(Tensor.FromInt64([0], new TensorShape(1, 1))).Attr("batch_dims", 2L).Out(DataType.Float32).ImportFails("batch_dims 2");
        new NodeCase("GatherND", 11).In(data).In(Tensor.FromInt64([0, 1], new TensorShape(2, 1))).Attr("batch_dims", 1L).Out(DataType.Float32).ImportFails("from opset 12");
        new NodeCase("GatherND", 13).In(data).In(Tensor.FromInt64([2], new TensorShape(1, 1))).Out(DataType.Float32).RunFails("index 2");
    }
}
