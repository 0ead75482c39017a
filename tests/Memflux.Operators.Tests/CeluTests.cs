using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class CeluTests : FloatFunctionTests
{
    protected override string OpType => "Celu";

    protected override (string Name, object Value)[] Attributes => [("alpha", 1.3f)];

    protected override DataType[] Types => [DataType.Float32];

    protected override (double Low, double High) Range => (-6, 6);

    protected override int FirstOpset => 12;

    protected override double[] ExtraSpecialValues => [-1e-08, -20, 20];

    [Fact]
    public void Default_attributes_match_ort()
    {
        var model = new OnnxModelBuilder(12).Input("x", [3, 17]).Node("Celu", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Uniform(DataType.Float32, 5, [3, 17], -6, 6) }, TypedTensors.Float32Tolerance, TypedTensors.Float32Tolerance);
    }

    [Fact]
    public void Zero_alpha_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(12).Input("x", [3]).Node("Celu", ["x"], ["y"], ("alpha", 0f)).Output("y").Build();
        OperatorCheck.ImportFails(model, "Celu node", "'alpha' must not be 0");
    }

    [Fact]
    public void Float64_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(12).Input("x", [3], DataType.Float64).Node("Celu", ["x"], ["y"]).Output("y", DataType.Float64).Build();
        OperatorCheck.ImportFails(model, "Celu node", "must be Float32", "found Float64");
    }
}
