using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class ConstantTests
{
    private static byte[] Model(int opset, DataType type, params (string Name, object Value)[] attributes) =>
        new OnnxModelBuilder(opset).Node("Constant", [], ["y"], attributes).Output("y", type).Build();

    [Fact]
    public void Value_tensor_matches_ort()
    {
        OperatorCheck.MatchesOrt(Model(7, DataType.Float32, ("value", RandomTensors.Uniform(1, [2, 3]))), new Dictionary<string, Tensor>());
        OperatorCheck.MatchesOrt(Model(11, DataType.Int64, ("value", Tensor.Vector(3, -1, 4))), new Dictionary<string, Tensor>());
        OperatorCheck.MatchesOrt(Model(13, DataType.Float32, ("value", Tensor.Scalar(2.5f))), new Dictionary<string, Tensor>());
    }

    [Fact]
    public void Typed_value_attributes_from_12_match_ort()
    {
        var none = new Dictionary<string, Tensor>();
        OperatorCheck.MatchesOrt(Model(12, DataType.Float32, ("value_float", 1.25f)), none);
        OperatorCheck.MatchesOrt(Model(13, DataType.Float32, ("value_floats", new[] { 1f, -2f, 3.5f })), none);
        OperatorCheck.MatchesOrt(Model(13, DataType.Int64, ("value_int", 42L)), none);
        OperatorCheck.MatchesOrt(Model(21, DataType.Int64, ("value_ints", new long[] { 1, -1, 0, 7 })), none);
    }

    [Fact]
    public void Constant_feeds_a_shape_input()
    {
        var model = new OnnxModelBuilder(13).Input("x", [2, 6]).Node("Constant", [], ["s"], ("value_ints", new long[] { 3, -1 }))
            .Node("Reshape", ["x", "s"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([2, 6]));
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        OperatorCheck.ImportFails(Model(13, DataType.Float32), "Constant node", "exactly one");
        OperatorCheck.ImportFails(Model(13, DataType.Float32, ("value_float", 1f), ("value_int", 1L)), "exactly one", "value_float");
        OperatorCheck.ImportFails(Model(11, DataType.Float32, ("value_float", 1f)), "from opset 12");
        OperatorCheck.ImportFails(Model(13, DataType.Float32, ("value_string", "a")), "attribute 'value_string' is not supported");
    }
}
