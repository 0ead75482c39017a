using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class OneHotTests
{
    [Theory]
    [InlineData(new[] { 4 }, -1L)]
    [InlineData(new[] { 4 }, 0L)]
    [InlineData(new[] { 2, 3 }, 1L)]
    [InlineData(new[] { 2, 3 }, -2L)]
    [InlineData(new[] { 2, 3 }, 2L)]
    public void Axes_match_ort(int[] dims, long axis)
    {
        // Indices from −6 to 6 with depth 5: negative ones count from the end, out-of-range ones give all "off".
        var rng = new Random(3);
        var shape = new TensorShape(dims);
        var indices = Tensor.FromInt64([.. Enumerable.Range(0, shape.ElementCount).Select(_ => (long)rng.Next(-6, 7))], shape);
        foreach (int opset in new[] { 9, 11 })
        {
            new NodeCase("OneHot", opset).In(indices).Const(TypedTensors.Scalar(DataType.Int64, 5)).Const(Tensor.FromFloat32([-1f, 2.5f], new TensorShape(2)))
                .Attr("axis", axis).Out(DataType.Float32).MatchesOrt();
        }
    }

    // ONNX Runtime implements these (indices, depth, values) combinations.
    [Theory]
    [InlineData(DataType.Int64, DataType.Int64, DataType.Int64)]
    [InlineData(DataType.Float32, DataType.Int64, DataType.Int64)]
    [InlineData(DataType.Int32, DataType.Float32, DataType.Float32)]
    [InlineData(DataType.Float32, DataType.Float32, DataType.Float32)]
    [InlineData(DataType.Int64, DataType.Int32, DataType.Float32)]
    [InlineData(DataType.Int64, DataType.Float32, DataType.Int32)]
    public void Type_combinations_match_ort(DataType indexType, DataType depthType, DataType valueType)
    {
        var indices = indexType switch
        {
            DataType.Float32 => Tensor.FromFloat32([2.7f, -1.2f, 0f, 3.9f], new TensorShape(2, 2)),
            DataType.Int32 => Tensor.From(new[] { 2, -1, 0, 3 }, new TensorShape(2, 2)),
            _ => Tensor.FromInt64([2, -1, 0, 3], new TensorShape(2, 2)),
        };
        var values = TypedTensors.Random(valueType, 7, [2]);
        new NodeCase("OneHot", 11).In(indices).Const(TypedTensors.Scalar(depthType, 4)).Const(values).Out(valueType).MatchesOrt();
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var indices = Tensor.FromInt64([1, 2], new TensorShape(2));
        var values = Tensor.FromFloat32([0, 1], new TensorShape(2));
        new NodeCase("OneHot", 11).Const(indices).In(Tensor.Vector(3)).Const(values).Out(DataType.Float32).ImportFails("input 1 (depth) is computed at run time");
        new NodeCase("OneHot", 11).Const(indices).Const(Tensor.Vector(3)).Const(Tensor.FromFloat32([0, 1, 2], new TensorShape(3))).Out(DataType.Float32).ImportFails("two elements");
        new NodeCase("OneHot", 11).Const(indices).Const(Tensor.Vector(3)).Const(values).Attr("axis", 2L).Out(DataType.Float32).ImportFails("axis 2 is out of range");
        new NodeCase("OneHot", 11).Const(indices).Const(Tensor.Vector(0)).Const(values).Out(DataType.Float32).ImportFails("1 or more");
        new NodeCase("OneHot", 11).In(Tensor.FromInt64([1], TensorShape.Scalar)).Const(Tensor.Vector(3)).Const(values).Out(DataType.Float32).ImportFails("rank 1 or more");
    }
}
