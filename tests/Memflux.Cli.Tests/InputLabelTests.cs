using Memflux.Data;
using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Cli.Tests;

/// <summary>
/// <c>eval --inputs ... --labels ...</c> (data a user brings) treats labels as <c>eval --dataset</c> does (issue 18 §4):
/// a label outside the model's classes is an error, and a model scoring more classes than the labels use gets a note.
/// </summary>
public sealed class InputLabelTests : IDisposable
{
    private readonly TestModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void A_model_scoring_classes_the_labels_never_use_gets_a_note()
    {
        var result = Eval([0, 3, 1, 2]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("output 'y': the labels use classes 0 to 3 but the model scores 10; a score of classes 4 to 9 can win the top-1 and counts as a miss.", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_reaching_the_last_class_get_no_note()
    {
        var result = Eval([0, 9, 1, 2]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("the labels use classes", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_outside_the_models_classes_is_an_error()
    {
        var result = Eval([0, 12, 1, 2]);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("label 12 of sample 1 is outside the model's 10 classes (0 to 9)", result.Err, StringComparison.Ordinal);
        Assert.Contains("labels.npy", result.Err, StringComparison.Ordinal);
    }

    /// <summary>eval of a 16 → 10 MatMul on four random samples with <paramref name="labels"/>.</summary>
    private CliResult Eval(long[] labels)
    {
        string model = _models.Write("ten.onnx", new OnnxModelBuilder().Input("x", [1, 16]).Initializer("w", RandomTensors.Uniform(1, [16, 10]))
            .Node("MatMul", ["x", "w"], ["y"]).Output("y").Build());
        string inputs = Path.Combine(_models.Directory, "x.npy"), labelsPath = Path.Combine(_models.Directory, "labels.npy");
        NpyWriter.Write(inputs, RandomTensors.Uniform(2, [4, 16]));
        NpyWriter.Write(labelsPath, Tensor.FromInt64(labels, new TensorShape(labels.Length)));
        return Cli.Run("eval", "--model", model, "--inputs", inputs, "--labels", labelsPath, "--times", "1s", "--seeds", "1");
    }
}
