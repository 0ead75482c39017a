using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ShrinkTests : NumericUnaryOpTests
{
    protected override string OpType => "Shrink";

    protected override int Opset => 9;

    protected override (string Name, object Value)[] Attributes => [("lambd", 1.5f), ("bias", 1.25f)];

    [Theory]
    [InlineData(0.5f, 0f)]
    [InlineData(2f, 2f)]
    [InlineData(0f, -0.75f)]
    public void Hard_and_soft_shrink_match_ort(float lambd, float bias)
    {
        var model = new OnnxModelBuilder(13).Input("x", [5, 9]).Node("Shrink", ["x"], ["y"], ("lambd", lambd), ("bias", bias)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Uniform(DataType.Float32, 2, [5, 9], -4, 4) }, 0, 0);
    }

    [Fact]
    public void Default_attributes_match_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [7], DataType.Int32).Node("Shrink", ["x"], ["y"]).Output("y", DataType.Int32).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(DataType.Int32, -3, -1, 0, 1, 3, int.MinValue, int.MaxValue) }, 0, 0);
    }
}
