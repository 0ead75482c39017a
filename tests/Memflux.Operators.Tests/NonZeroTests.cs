using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class NonZeroTests
{
    // The types ONNX Runtime's CPU NonZero implements.
    [Theory]
    [InlineData(DataType.Float32)]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.Int32)]
    [InlineData(DataType.Bool)]
    [InlineData(DataType.UInt8)]
    public void Constant_input_of_every_type_matches_ort(DataType type)
    {
        foreach (int[] dims in new[] { new[] { 3, 4 }, [7], [2, 1, 3] })
        {
            // Values in [-100, 100) (or bools) with some zeros.
            var x = TypedTensors.Random(type, 5, dims);
            for (int i = 0; i < x.Length; i += 3)
            {
                x.Bytes.Slice(i * type.Size(), type.Size()).Clear();
            }

            foreach (int opset in new[] { 9, 13 })
            {
                new NodeCase("NonZero", opset).Const(x).Out(DataType.Int64).MatchesOrt();
            }
        }
    }

    [Fact]
    public void Special_values_match_ort() =>
        new NodeCase("NonZero", 13).Const(Tensor.FromFloat32([0f, -0f, float.NaN, float.NegativeInfinity, 1e-30f, 0f], new TensorShape(2, 3))).Out(DataType.Int64).MatchesOrt();

    [Fact]
    public void Run_time_input_is_a_clear_error() =>
        new NodeCase("NonZero", 13).In(TypedTensors.Random(DataType.Float32, 1, [2, 3])).Out(DataType.Int64).ImportFails("output shape is data-dependent", "input 0 (X)");
}
