using Memflux.Numerics;
using Memflux.Training.Layers;

namespace Memflux.Training.Tests;

/// <summary>The im2col + GEMM forward against the naive reference convolution in Memflux.Numerics.</summary>
public class Conv2dForwardTests
{
    private const float Tolerance = 1e-5f;

    [Theory]
    [InlineData(3, 5, 3, 1, 1, 1, 5, 7)]
    [InlineData(4, 6, 3, 2, 1, 2, 5, 7)]
    [InlineData(6, 6, 3, 1, 1, 6, 4, 9)]
    [InlineData(3, 5, 1, 1, 0, 1, 5, 7)]
    [InlineData(2, 3, 5, 3, 2, 1, 11, 6)]
    [InlineData(1, 4, 4, 1, 0, 1, 4, 4)]
    public void Matches_the_reference_convolution(int cin, int cout, int k, int stride, int pad, int groups, int h, int w)
    {
        var layer = new Conv2d(cin, cout, k, stride, pad, groups);
        layer.Initialize(1);
        RandomTensors.Uniform(2, [cout]).Float32.CopyTo(layer.Bias!.Value);
        var x = RandomTensors.Uniform(3, [3, cin, h, w]);
        var y = layer.Forward(x, PassContext.Inference);
        var g = new Conv2DGeometry(3, cin, h, w, cout, k, k, stride, stride, pad, pad, pad, pad, Groups: groups);
        float[] expected = new float[g.OutputLength];
        Convolution.Conv2D(g, x.Float32, layer.Weight.Value, layer.Bias.Value, expected);
        OperatorCheck.AssertClose(Tensor.FromFloat32(expected, y.Shape), y, Tolerance, Tolerance);
    }

    [Fact]
    public void Mismatched_input_names_the_layer()
    {
        var layer = new Conv2d(3, 4, 3) { Name = "conv1" };
        var e = Assert.Throws<MemfluxException>(() => layer.Forward(RandomTensors.Uniform(1, [2, 2, 5, 5]), PassContext.Inference));
        Assert.Contains("conv1", e.Message, StringComparison.Ordinal);
        Assert.Contains("[2,2,5,5]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_second_backward_of_the_same_forward_gives_the_same_gradients(int kernel)
    {
        var layer = new Conv2d(4, 6, kernel, 1, kernel / 2, groups: 2);
        layer.Initialize(5);
        var x = RandomTensors.Uniform(6, [11, 4, 5, 6]);
        var dy = RandomTensors.Uniform(7, [11, 6, 5, 6]);
        var context = new PassContext(true);
        layer.Forward(x, context);
        layer.ZeroGrad();
        var dx1 = layer.Backward(dy, context).Clone();
        float[] once = (float[])layer.Weight.Gradient.Clone();
        float[] bias = (float[])layer.Bias!.Gradient.Clone();
        layer.ZeroGrad();
        var dx2 = layer.Backward(dy, context);
        Assert.Equal(dx1.Float32.ToArray(), dx2.Float32.ToArray());
        Assert.Equal(once, layer.Weight.Gradient);
        Assert.Equal(bias, layer.Bias.Gradient);
    }
}
