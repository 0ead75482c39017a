using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class SeluTests : FloatFunctionTests
{
    protected override string OpType => "Selu";

    protected override (string Name, object Value)[] Attributes => [("alpha", 1.5f), ("gamma", 2.5f)];

    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override (double Low, double High) Range => (-6, 6);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [-1e-08, -20, 20];

    [Fact]
    public void Default_attributes_match_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3, 17]).Node("Selu", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Uniform(DataType.Float32, 5, [3, 17], -6, 6) }, TypedTensors.Float32Tolerance, TypedTensors.Float32Tolerance);
    }
}
