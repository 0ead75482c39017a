using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>
/// Indices out of range in data a model computes at run time are errors naming the model file, the node and the index
/// (issue 18 §6); the node's message used to reach the user without the file.
/// </summary>
public class RuntimeIndexErrorTests
{
    private static readonly Tensor Data = TypedTensors.Random(DataType.Float32, 1, [3, 4]);

    public static TheoryData<string, string> Cases => new()
    {
        { "Gather", "index 7 (at position 1 of input 1) is out of range for a dimension of size 3" },
        { "GatherElements", "index 7 (at position 1 of input 1) is out of range for a dimension of size 3" },
        { "GatherND", "index 7 (at position 1 of input 1) is out of range for a dimension of size 4" },
        { "ScatterElements", "index 7 (at position 1 of input 1) is out of range for a dimension of size 3" },
        { "ScatterND", "index 7 (at position 1 of input 1) is out of range for a dimension of size 4" },
        { "MaxUnpool", "input I holds 70 at position 1" },
        { "ReverseSequence", "sequence_lens[1] is 7" },
        { "NegativeLogLikelihoodLoss", "target 7 (at position 1 of input 1) is out of range for 4 classes" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Out_of_range_indices_name_the_file_and_the_node(string op, string expected)
    {
        var node = Case(op);
        var e = OperatorCheck.RunFails(node.Build(), node.Feeds(), expected);
        Assert.StartsWith($"test.onnx: {op} node '{op}_0' (opset ", e.Message, StringComparison.Ordinal);
    }

    private static NodeCase Case(string op) => op switch
    {
        "Gather" => new NodeCase(op, 13).In(Data).In(Tensor.Vector(0, 7)).Out(DataType.Float32),
        "GatherElements" => new NodeCase(op, 13).In(Data).In(Tensor.FromInt64([0, 7], new TensorShape(2, 1))).Out(DataType.Float32),
        "GatherND" => new NodeCase(op, 13).In(Data).In(Tensor.FromInt64([0, 7], new TensorShape(1, 2))).Out(DataType.Float32),
        "ScatterElements" => new NodeCase(op, 13).In(Data).In(Tensor.FromInt64([0, 7], new TensorShape(2, 1)))
            .In(TypedTensors.Random(DataType.Float32, 2, [2, 1])).Out(DataType.Float32),
        "ScatterND" => new NodeCase(op, 13).In(Data).In(Tensor.FromInt64([0, 7], new TensorShape(1, 2)))
            .In(TypedTensors.Random(DataType.Float32, 2, [1])).Out(DataType.Float32),
        "MaxUnpool" => new NodeCase(op, 11).In(TypedTensors.Random(DataType.Float32, 3, [1, 1, 2, 2])).In(Tensor.FromInt64([0, 70, 2, 3], new TensorShape(1, 1, 2, 2)))
            .Attr("kernel_shape", new long[] { 2, 2 }).Attr("strides", new long[] { 2, 2 }).Out(DataType.Float32),
        "ReverseSequence" => new NodeCase(op, 10).In(Data).In(Tensor.Vector(1, 7, 2)).Attr("batch_axis", 0L).Attr("time_axis", 1L).Out(DataType.Float32),
        "NegativeLogLikelihoodLoss" => new NodeCase(op, 13).In(Data).In(Tensor.Vector(0, 7, 1)).Out(DataType.Float32),
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
