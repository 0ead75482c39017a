using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ReduceLogSumExpTests : ReduceTestBase
{
    protected override string Op => "ReduceLogSumExp";

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    public void Large_inputs_do_not_overflow(long axis)
    {
        // exp(±500) overflows fp32: the max must be subtracted first, as ONNX Runtime does.
        var x = TypedRandom.Of(DataType.Float32, [6, 9], seed: 3, low: -500, high: 500);
        var model = new OnnxModelBuilder(18).Input("x", [6, 9]).Initializer("axes", Tensor.Vector(axis)).Node(Op, ["x", "axes"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 1e-5f, 1e-5f);
    }
}
