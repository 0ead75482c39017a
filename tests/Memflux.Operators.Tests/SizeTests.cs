using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class SizeTests
{
    [Theory]
    [MemberData(nameof(TypedTensors.AllTypes), MemberType = typeof(TypedTensors))]
    public void Every_type_matches_ort(DataType type)
    {
        foreach (int[] dims in new[] { new[] { 2, 3, 5 }, [], [7] })
        {
            new NodeCase("Size", 13).In(TypedTensors.Random(type, 1, dims)).Out(DataType.Int64).MatchesOrt();
        }
    }

    [Fact]
    public void Opset_7_matches_ort() => new NodeCase("Size", 7).In(TypedTensors.Random(DataType.Float32, 1, [4, 1])).Out(DataType.Int64).MatchesOrt();
}
