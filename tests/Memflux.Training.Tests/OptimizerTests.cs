using Memflux.Numerics;
using Memflux.Training.Optimizers;

namespace Memflux.Training.Tests;

/// <summary>Optimizer updates and schedules against hand-computed values.</summary>
public class OptimizerTests
{
    private static Parameter Weight(float value, float gradient)
    {
        var p = new Parameter("w", new TensorShape(1), ParameterRole.Weight, 1);
        p.Value[0] = value;
        p.Gradient[0] = gradient;
        return p;
    }

    [Fact]
    public void Sgd_with_momentum_and_weight_decay_follows_pytorch()
    {
        var p = Weight(1f, 0.5f);
        var sgd = new Sgd([p], 0.1f, momentum: 0.9f, weightDecay: 0.01f);
        sgd.Step(); // g = 0.51, v = 0.51, w = 1 − 0.051
        Assert.Equal(0.949f, p.Value[0], 6);
        sgd.Step(); // g = 0.5 + 0.00949 = 0.50949, v = 0.9·0.51 + 0.50949 = 0.96849, w = 0.949 − 0.096849
        Assert.Equal(0.852151f, p.Value[0], 5);
    }

    [Fact]
    public void Sgd_nesterov_looks_ahead()
    {
        var p = Weight(1f, 1f);
        var sgd = new Sgd([p], 0.1f, momentum: 0.5f, nesterov: true);
        sgd.Step(); // v = 1, g = 1 + 0.5 = 1.5
        Assert.Equal(0.85f, p.Value[0], 6);
    }

    [Fact]
    public void Bias_is_not_decayed()
    {
        var b = new Parameter("b", new TensorShape(1), ParameterRole.Bias, 1);
        b.Value[0] = 1f;
        new Sgd([b], 0.1f, weightDecay: 0.5f).Step();
        Assert.Equal(1f, b.Value[0]);
    }

    [Fact]
    public void Adam_first_step_moves_by_the_learning_rate()
    {
        var p = Weight(1f, 0.3f);
        var adam = new Adam([p], 0.01f);
        adam.Step();
        Assert.Equal(0.99f, p.Value[0], 5);
        p.Gradient[0] = -0.3f;
        adam.Step(); // m = 0.09·0.3·... symmetric: m̂ = (0.9·0.03 − 0.03)/0.19, v̂ = 0.09
        double m = ((0.9 * 0.1 * 0.3) + (0.1 * -0.3)) / (1 - (0.9 * 0.9));
        double v = ((0.999 * 0.001 * 0.09) + (0.001 * 0.09)) / (1 - (0.999 * 0.999));
        Assert.Equal(0.99 - (0.01 * m / (Math.Sqrt(v) + 1e-8)), p.Value[0], 5);
    }

    [Fact]
    public void Schedules()
    {
        var step = new StepSchedule(0.1f, 2, 0.5f);
        Assert.Equal([0.1f, 0.1f, 0.05f, 0.05f, 0.025f], Enumerable.Range(0, 5).Select(e => step.At(e, 3, 10)));
        var cosine = new CosineSchedule(1f, 4, 0.1f);
        Assert.Equal(1f, cosine.At(0, 0, 10), 6);
        Assert.Equal(0.55f, cosine.At(2, 0, 10), 6);
        Assert.Equal(0.1f, cosine.At(4, 0, 10), 6);
        var warm = new CosineSchedule(1f, 3, 0f, warmupEpochs: 1);
        Assert.Equal(0.5f, warm.At(0, 4, 10), 6);
        Assert.Equal(1f, warm.At(1, 0, 10), 6);
    }
}
