using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ErfTests : FloatFunctionTests
{
    protected override string OpType => "Erf";

    protected override DataType[] Types => [DataType.Float32, DataType.Float16];

    protected override int FirstOpset => 9;

    protected override double[] ExtraSpecialValues => [3.99, 4, 4.01, -3.99, 1e-8];

    [Fact]
    public void Float64_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3], DataType.Float64).Node("Erf", ["x"], ["y"]).Output("y", DataType.Float64).Build();
        OperatorCheck.ImportFails(model, "Erf node", "must be Float32, Float16", "found Float64");
    }
}
