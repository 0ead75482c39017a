using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Window functions, DFT, STFT and MelWeightMatrix (opset 17) against ONNX Runtime.</summary>
public class SpectralTests
{
    [Theory]
    [InlineData("HannWindow", 1L)]
    [InlineData("HammingWindow", 0L)]
    [InlineData("BlackmanWindow", 1L)]
    [InlineData("BlackmanWindow", 0L)]
    public void Windows_match_ort(string op, long periodic)
    {
        var model = new OnnxModelBuilder(17).Input("x", [1]).Initializer("n", Tensor.From(new[] { 17 }, TensorShape.Scalar))
            .Node(op, ["n"], ["y"], ("periodic", periodic)).Node("Identity", ["x"], ["z"]).Output("y").Output("z").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([1]), 1e-6f, 1e-5f);
    }

    [Theory]
    [InlineData(new[] { 2, 12, 3, 1 }, 1L, 0L, 0L, 0)]
    [InlineData(new[] { 2, 12, 3, 1 }, 1L, 0L, 1L, 0)]
    [InlineData(new[] { 2, 5, 7, 2 }, 2L, 1L, 0L, 0)]
    [InlineData(new[] { 3, 9, 1 }, 1L, 0L, 0L, 16)]
    [InlineData(new[] { 3, 9, 2 }, 1L, 0L, 0L, 6)]
    public void Dft_matches_ort(int[] dims, long axis, long inverse, long onesided, int length)
    {
        var b = new OnnxModelBuilder(17).Input("x", dims);
        var inputs = new List<string> { "x" };
        if (length > 0)
        {
            b.Initializer("n", Tensor.Vector(length).Reshape(TensorShape.Scalar));
            inputs.Add("n");
        }

        var model = b.Node("DFT", [.. inputs], ["y"], ("axis", axis), ("inverse", inverse), ("onesided", onesided)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X(dims), 1e-4f, 1e-4f);
    }

    [Theory]
    [InlineData(64, 8, 16, true, 1L)]
    [InlineData(50, 5, 12, false, 1L)]
    public void Stft_matches_ort(int length, int step, int frame, bool window, long onesided)
    {
        var b = new OnnxModelBuilder(17).Input("x", [2, length, 1]).Initializer("step", Tensor.Vector(step).Reshape(TensorShape.Scalar));
        string[] inputs = ["x", "step", "", "frame"];
        b.Initializer("frame", Tensor.Vector(frame).Reshape(TensorShape.Scalar));
        if (window)
        {
            b.Initializer("w", RandomTensors.Uniform(3, [frame], 0f, 1f));
            inputs[2] = "w";
        }

        var model = b.Node("STFT", inputs, ["y"], ("onesided", onesided)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([2, length, 1]), 1e-4f, 1e-4f);
    }

    [Fact]
    public void Mel_weight_matrix_matches_ort()
    {
        var model = new OnnxModelBuilder(17).Input("x", [1])
            .Initializer("mels", Tensor.From(new[] { 10 }, TensorShape.Scalar)).Initializer("dft", Tensor.From(new[] { 64 }, TensorShape.Scalar))
            .Initializer("rate", Tensor.From(new[] { 16000 }, TensorShape.Scalar)).Initializer("lo", Tensor.Scalar(20f)).Initializer("hi", Tensor.Scalar(7600f))
            .Node("MelWeightMatrix", ["mels", "dft", "rate", "lo", "hi"], ["y"]).Node("Identity", ["x"], ["z"]).Output("y").Output("z").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([1]), 1e-6f, 1e-5f);
    }

    [Fact]
    public void Invalid_nodes_are_clear_errors()
    {
        var onesidedComplex = new OnnxModelBuilder(17).Input("x", [1, 8, 2]).Node("DFT", ["x"], ["y"], ("onesided", 1L)).Output("y").Build();
        OperatorCheck.ImportFails(onesidedComplex, "onesided applies to the forward transform of a real signal");
        var runtimeSize = new OnnxModelBuilder(17).Input("n", [], DataType.Int64).Node("HannWindow", ["n"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(runtimeSize, "input 0 (size) is computed at run time");
    }
}
