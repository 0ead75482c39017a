using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Shapes every fp32 unary operator runs at, and a helper to compare one node with ORT.</summary>
public abstract class UnaryOpTests
{
    public static TheoryData<int[]> Shapes => new()
    {
        Array.Empty<int>(),
        new[] { 1 },
        new[] { 7 },
        new[] { 3, 1, 5 },
        new[] { 2, 3, 5, 11 },
        new[] { 1, 67 },
    };

    protected abstract string OpType { get; }

    protected virtual int Opset => 13;

    protected virtual (string Name, object Value)[] Attributes => [];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Matches_ort(int[] dims)
    {
        var model = new OnnxModelBuilder(Opset).Input("x", dims).Node(OpType, ["x"], ["y"], Attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = RandomTensors.Uniform(1, dims, -6f, 6f) });
    }

    [Fact]
    public void Special_values_match_ort()
    {
        var x = Tensor.FromFloat32([0f, -0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 3.9f, -4.1f, 9f, -9f, 30f, -30f, 100f, -100f], new TensorShape(14));
        var model = new OnnxModelBuilder(Opset).Input("x", [14]).Node(OpType, ["x"], ["y"], Attributes).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x });
    }

    [Fact]
    public void Int64_input_is_a_clear_error()
    {
        var model = new OnnxModelBuilder(Opset).Input("x", [3], DataType.Int64).Node(OpType, ["x"], ["y"], Attributes).Output("y", DataType.Int64).Build();
        OperatorCheck.ImportFails(model, $"{OpType} node", "must be Float32", "Int64");
    }
}
