using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class LeakyReluTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "LeakyRelu";

    protected override (string Name, object Value)[] Attributes => [("alpha", 0.173f)];

    [Theory]
    [InlineData(7)]
    [InlineData(16)]
    public void Default_alpha_matches_ort(int opset)
    {
        var model = new OnnxModelBuilder(opset).Input("x", [3, 37]).Node("LeakyRelu", ["x"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(4, [3, 37]) });
    }
}
