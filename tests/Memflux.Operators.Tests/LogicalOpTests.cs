using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>The cases every logical operator runs (And, Or, Xor): bool inputs with broadcasting, exact.</summary>
public abstract class LogicalOpTests
{
    protected abstract string OpType { get; }

    [Theory]
    [MemberData(nameof(BinaryOpTests.Shapes), MemberType = typeof(BinaryOpTests))]
    public void Matches_ort(int[] a, int[] b)
    {
        foreach (int opset in new[] { 7, 13 })
        {
            var model = new OnnxModelBuilder(opset).Input("a", a, DataType.Bool).Input("b", b, DataType.Bool).Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
            OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["a"] = TypedTensors.Bools(a.Length, a), ["b"] = TypedTensors.Bools(b.Length + 10, b) }, 0, 0);
        }
    }

    [Fact]
    public void Truth_table_matches_ort()
    {
        var model = new OnnxModelBuilder(13).Input("a", [4], DataType.Bool).Input("b", [4], DataType.Bool).Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor>
        {
            ["a"] = Tensor.From(new[] { false, false, true, true }, new TensorShape(4)),
            ["b"] = Tensor.From(new[] { false, true, false, true }, new TensorShape(4)),
        }, 0, 0);
    }

    [Fact]
    public void Non_bool_inputs_are_a_clear_error()
    {
        var model = new OnnxModelBuilder(13).Input("a", [3], DataType.Int32).Input("b", [3], DataType.Int32).Node(OpType, ["a", "b"], ["y"]).Output("y", DataType.Bool).Build();
        OperatorCheck.ImportFails(model, $"{OpType} node", "must be Bool", "found Int32");
    }
}
