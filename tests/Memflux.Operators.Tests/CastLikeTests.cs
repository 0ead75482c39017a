using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class CastLikeTests
{
    public static TheoryData<DataType, DataType> Pairs()
    {
        var data = new TheoryData<DataType, DataType>();
        foreach (var from in CastTests.AllTypes)
        {
            foreach (var to in new[] { DataType.Float32, DataType.Float16, DataType.Int64, DataType.UInt8, DataType.Bool })
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Matches_ort(DataType from, DataType to)
    {
        double[] values = from == DataType.Bool ? [0, 1, 1] : [0, 1, -1, 2.5, -2.5, 100, 250.7];
        foreach (int opset in new[] { 15, 21 })
        {
            var model = new OnnxModelBuilder(opset).Input("x", [values.Length], from).Input("like", [2], to)
                .Node("CastLike", ["x", "like"], ["y"]).Output("y", to).Build();
            var like = to == DataType.Bool ? Tensor.From(new[] { true, false }, new TensorShape(2)) : TypedTensors.Vector(to, 9, 9);
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = TypedTensors.Vector(from, values), ["like"] = like }, 0, 0);
        }
    }

    [Fact]
    public void Saturate_before_opset_19_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(15).Input("x", [2]).Input("like", [1], DataType.Float16).Node("CastLike", ["x", "like"], ["y"], ("saturate", 0L)).Output("y", DataType.Float16).Build();
        OperatorCheck.ImportFails(model, "CastLike node", "'saturate' exists from opset 19");
    }
}
