using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

public class DropoutTests
{
    [Fact]
    public void Ratio_attribute_before_12_is_identity_like_ort()
    {
        var model = new OnnxModelBuilder(10).Input("x", [3, 5]).Node("Dropout", ["x"], ["y"], ("ratio", 0.3f)).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([3, 5]));
    }

    [Fact]
    public void Ratio_and_false_training_mode_inputs_are_identity_like_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [2, 7]).Initializer("r", Tensor.Scalar(0.5f)).BoolInitializer("t", false)
            .Node("Dropout", ["x", "r", "t"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([2, 7]));
        var ratioOnly = new OnnxModelBuilder(13).Input("x", [4]).Initializer("r", Tensor.Scalar(0.1f))
            .Node("Dropout", ["x", "r"], ["y"]).Output("y").Build();
        OperatorCheck.MatchesOrt(ratioOnly, Feeds.X([4]));
    }

    [Fact]
    public void Training_mode_and_an_early_mask_are_clear_errors()
    {
        var training = new OnnxModelBuilder(13).Input("x", [4]).Initializer("r", Tensor.Scalar(0.5f)).BoolInitializer("t", true)
            .Node("Dropout", ["x", "r", "t"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(training, "Dropout node", "training_mode", "is true");
        var mask = new OnnxModelBuilder(11).Input("x", [4]).Node("Dropout", ["x"], ["y", "m"]).Output("y").Build();
        OperatorCheck.ImportFails(mask, "mask output", "before opset 12");
    }

    [Fact]
    public void Training_with_ratio_0_drops_nothing_like_ort()
    {
        var model = new OnnxModelBuilder(13).Input("x", [3, 4]).Initializer("r", Tensor.Scalar(0f)).BoolInitializer("t", true)
            .Node("Dropout", ["x", "r", "t"], ["y", "m"]).Output("y").Output("m", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([3, 4]), atol: 0, rtol: 0);
        var noRatio = new OnnxModelBuilder(13).Input("x", [4]).BoolInitializer("t", true).Node("Dropout", ["x", "", "t"], ["y"]).Output("y").Build();
        OperatorCheck.ImportFails(noRatio, "training_mode", "is true", "constant ratio of 0");
    }

    [Theory]
    [InlineData(12)]
    [InlineData(13)]
    public void The_inference_mask_is_all_true_as_in_ort(int opset)
    {
        var model = new OnnxModelBuilder(opset).Input("x", [2, 5]).Node("Dropout", ["x"], ["y", "m"]).Output("y").Output("m", DataType.Bool).Build();
        OperatorCheck.MatchesOrt(model, Feeds.X([2, 5]), atol: 0, rtol: 0);
    }
}
