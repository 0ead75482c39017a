using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class MeanTests : VariadicOpTests
{
    protected override string OpType => "Mean";

    protected override DataType[] Types => TypedTensors.FloatTypes;

    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    [Fact]
    public void Float64_is_the_sum_over_the_count()
    {
        var model = new OnnxModelBuilder(13).Input("a", [3], DataType.Float64).Input("b", [1], DataType.Float64).Input("c", [3], DataType.Float64)
            .Node(OpType, ["a", "b", "c"], ["y"]).Output("y", DataType.Float64).Build();
        var y = new Memflux.Graph.Execution.ReferenceExecutor(Memflux.Onnx.OnnxImporter.Load(model, "t.onnx")).Run(new Dictionary<string, Tensor>
        {
            ["a"] = TypedTensors.Vector(DataType.Float64, 1, 2, 3),
            ["b"] = TypedTensors.Vector(DataType.Float64, 0.5),
            ["c"] = TypedTensors.Vector(DataType.Float64, 1e-17, double.NaN, -3.5),
        })["y"];
        OperatorCheck.AssertClose(TypedTensors.Vector(DataType.Float64, 1.5 / 3, double.NaN, 0), y, 0, 0);
    }
}
