using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>InstanceNormalization against ONNX Runtime; normalization tolerances (2e-6 + 2e-5·|ort|), 1e-4 for planes of a constant.</summary>
public class InstanceNormalizationTests
{
    [Theory]
    [InlineData(new[] { 2, 3, 4, 5 }, 7, 1e-5f)]
    [InlineData(new[] { 1, 4, 7 }, 17, 1e-2f)]
    [InlineData(new[] { 2, 2, 3, 4, 5 }, 21, 1e-5f)]
    [InlineData(new[] { 1, 3, 1, 1 }, 11, 1e-5f)]
    [InlineData(new[] { 2, 16, 40, 40 }, 13, 1e-5f)]
    public void Matches_ort(int[] dims, int opset, float epsilon)
    {
        int c = dims[1];
        var model = new OnnxModelBuilder(opset).Input("x", dims).Initializer("s", RandomTensors.Uniform(2, [c])).Initializer("b", RandomTensors.Uniform(3, [c]))
            .Node("InstanceNormalization", ["x", "s", "b"], ["y"], ("epsilon", epsilon)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, OpTest.Input("x", dims), OpTest.TranscendentalAbsoluteTolerance, OpTest.TranscendentalRelativeTolerance);
    }

    [Fact]
    public void Constant_planes_give_the_bias()
    {
        var x = Tensor.FromFloat32([.. Enumerable.Repeat(3f, 8)], new TensorShape(1, 2, 4));
        var model = new OnnxModelBuilder(13).Input("x", [1, 2, 4]).Initializer("s", RandomTensors.Uniform(2, [2])).Initializer("b", RandomTensors.Uniform(3, [2]))
            .Node("InstanceNormalization", ["x", "s", "b"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, new Dictionary<string, Tensor> { ["x"] = x }, 1e-4f, 1e-4f);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var wrongScale = new OnnxModelBuilder(13).Input("x", [1, 3, 4]).Initializer("s", RandomTensors.Uniform(2, [2])).Initializer("b", RandomTensors.Uniform(3, [3]))
            .Node("InstanceNormalization", ["x", "s", "b"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(wrongScale, "InstanceNormalization node", "must both be [3]");
        var rank2 = new OnnxModelBuilder(13).Input("x", [1, 3]).Initializer("s", RandomTensors.Uniform(2, [3])).Initializer("b", RandomTensors.Uniform(3, [3]))
            .Node("InstanceNormalization", ["x", "s", "b"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(rank2, "expected rank 3 or more");
    }
}
