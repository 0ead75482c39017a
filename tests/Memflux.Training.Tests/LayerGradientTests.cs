using Memflux.Numerics;
using Memflux.Training.Layers;

namespace Memflux.Training.Tests;

/// <summary>Every layer's backward pass against central differences at awkward shapes (batch 3, 5×7, odd channels).</summary>
public class LayerGradientTests
{
    [Theory]
    [InlineData(3, 5, 3, 1, 1, 1)]
    [InlineData(4, 6, 3, 2, 1, 2)]
    [InlineData(3, 5, 1, 1, 0, 1)]
    [InlineData(6, 4, 1, 1, 0, 2)]
    [InlineData(3, 3, 2, 2, 0, 1)]
    [InlineData(5, 7, 3, 2, 0, 1)]
    public void Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int groups)
    {
        var layer = new Conv2d(inChannels, outChannels, kernel, stride, padding, groups);
        layer.Initialize(11);
        RandomTensors.Uniform(12, [outChannels]).Float32.CopyTo(layer.Bias!.Value);
        GradientCheck.CheckLayer(layer, RandomTensors.Uniform(13, [3, inChannels, 5, 7]), training: true);
    }

    [Fact]
    public void Conv2d_without_bias()
    {
        var layer = new Conv2d(3, 5, 3, 1, 1, bias: false);
        GradientCheck.CheckLayer(layer, RandomTensors.Uniform(14, [3, 3, 5, 7]), training: true);
    }

    [Fact]
    public void Linear() => GradientCheck.CheckLayer(new Linear(7, 5), RandomTensors.Uniform(15, [3, 7]), training: true);

    [Fact]
    public void Relu() => GradientCheck.CheckLayer(new Relu(), GradientCheck.Distinct(16, [3, 3, 5, 7]), training: true);

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 1)]
    [InlineData(3, 1, 0)]
    public void MaxPool2d(int kernel, int stride, int padding) =>
        GradientCheck.CheckLayer(new MaxPool2d(kernel, stride, padding), GradientCheck.Distinct(17, [3, 3, 5, 7]), training: true);

    [Theory]
    [InlineData(2, 2, 0)]
    [InlineData(3, 2, 1)]
    public void AvgPool2d(int kernel, int stride, int padding) =>
        GradientCheck.CheckLayer(new AvgPool2d(kernel, stride, padding), RandomTensors.Uniform(18, [3, 3, 5, 7]), training: true);

    [Fact]
    public void GlobalAvgPool() => GradientCheck.CheckLayer(new GlobalAvgPool(), RandomTensors.Uniform(19, [3, 5, 5, 7]), training: true);

    [Fact]
    public void Flatten() => GradientCheck.CheckLayer(new Flatten(), RandomTensors.Uniform(20, [3, 3, 5, 7]), training: true);

    [Fact]
    public void Dropout_in_training_uses_one_mask_per_step() =>
        GradientCheck.CheckLayer(new Dropout(0.3f, seed: 5), RandomTensors.Uniform(21, [3, 3, 5, 7]), training: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNorm2d(bool training)
    {
        var layer = new BatchNorm2d(5);
        RandomTensors.Uniform(22, [5], 0.5f, 1.5f).Float32.CopyTo(layer.Scale.Value);
        RandomTensors.Uniform(23, [5]).Float32.CopyTo(layer.Shift.Value);
        RandomTensors.Uniform(24, [5]).Float32.CopyTo(layer.RunningMean);
        RandomTensors.Uniform(25, [5], 0.5f, 2f).Float32.CopyTo(layer.RunningVariance);
        GradientCheck.CheckLayer(layer, RandomTensors.Uniform(26, [3, 5, 5, 7]), training);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchNorm1d(bool training)
    {
        var layer = new BatchNorm1d(7);
        RandomTensors.Uniform(27, [7], 0.5f, 1.5f).Float32.CopyTo(layer.Scale.Value);
        RandomTensors.Uniform(28, [7]).Float32.CopyTo(layer.Shift.Value);
        GradientCheck.CheckLayer(layer, RandomTensors.Uniform(29, [5, 7]), training);
    }

    [Fact]
    public void Normalize() => GradientCheck.CheckLayer(new Normalize([0.1f, 0.5f, -0.2f], [0.3f, 2f, 0.7f]), RandomTensors.Uniform(30, [3, 3, 5, 7]), training: true);

    [Fact]
    public void Residual_with_identity_and_with_projection_shortcut()
    {
        var identity = new Residual(new Sequential(new Conv2d(3, 3, 3, 1, 1), new BatchNorm2d(3)));
        GradientCheck.CheckLayer(identity, RandomTensors.Uniform(31, [3, 3, 5, 7]), training: true);
        var projection = new Residual(new Conv2d(3, 5, 3, 2, 1), new Conv2d(3, 5, 1, 2, 0));
        GradientCheck.CheckLayer(projection, RandomTensors.Uniform(32, [3, 3, 5, 7]), training: true);
    }

    [Fact]
    public void Softmax_cross_entropy()
    {
        var logits = RandomTensors.Uniform(33, [3, 5], -3f, 3f);
        int[] labels = [4, 0, 2];
        var loss = new SoftmaxCrossEntropy();
        loss.Forward(logits, labels);
        float[] analytic = loss.Backward().Float32.ToArray();
        GradientCheck.Compare("loss", () => loss.Forward(logits, labels), [("logits", logits.Float32Array, analytic)], 34, 100, kinks: false);
    }

    [Fact]
    public void Softmax_cross_entropy_is_stable_for_huge_logits()
    {
        var loss = new SoftmaxCrossEntropy();
        float value = loss.Forward(Tensor.FromFloat32([1e30f, 0f, -1e30f, 0f, 1000f, 1000f], new TensorShape(2, 3)), [0, 1]);
        Assert.Equal(0.5 * Math.Log(2), value, 6);
        Assert.All(loss.Backward().Float32.ToArray(), g => Assert.True(float.IsFinite(g)));
        Assert.Equal(2, loss.Correct);
    }
}
