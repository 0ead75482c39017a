using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class LessTests : ComparisonOpTests
{
    protected override string OpType => "Less";

    [Fact]
    public void Bool_inputs_are_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("a", [3], DataType.Bool).Input("b", [3], DataType.Bool).Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.ImportFails(model, "Less node", "must be a numeric type, found Bool");
    }
}
