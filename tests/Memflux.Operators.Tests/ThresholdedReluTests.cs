using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ThresholdedReluTests : FloatFunctionTests
{
    protected override string OpType => "ThresholdedRelu";

    protected override (string Name, object Value)[] Attributes => [("alpha", 0.75f)];

    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override (double Low, double High) Range => (-6, 6);

    protected override int FirstOpset => 10;

    protected override double[] ExtraSpecialValues => [0.75, 0.7500001, 0.7499999];

    [Fact]
    public void Default_attributes_match_ort()
    {
        var model = new OnnxModelBuilder(10).Input("x", [3, 17]).Node("ThresholdedRelu", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Uniform(DataType.Float32, 5, [3, 17], -6, 6) }, TypedTensors.Float32Tolerance, TypedTensors.Float32Tolerance);
    }
}
