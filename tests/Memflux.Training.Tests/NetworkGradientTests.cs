using Memflux.Training.Layers;

namespace Memflux.Training.Tests;

/// <summary>A whole small residual network, loss included, against central differences.</summary>
public class NetworkGradientTests
{
    /// <summary>
    /// Smaller than <see cref="GradientCheck.Step"/>: batch-norm couples every unit to every input, so one
    /// perturbation moves hundreds of ReLU pre-activations and a large step would cross kinks at most elements.
    /// </summary>
    private const float NetworkStep = 1e-3f;

    public static Sequential SmallResNet() => new(
        new Normalize([0.2f], [0.5f]),
        new Conv2d(1, 3, 3, 1, 1),
        new BatchNorm2d(3),
        new Relu(),
        new Residual(new Sequential(new Conv2d(3, 3, 3, 1, 1), new BatchNorm2d(3), new Relu(), new Conv2d(3, 3, 3, 1, 1), new BatchNorm2d(3))),
        new Relu(),
        new Residual(
            new Sequential(new Conv2d(3, 4, 3, 2, 1), new BatchNorm2d(4), new Relu(), new Conv2d(4, 4, 3, 1, 1, groups: 2)),
            new Sequential(new Conv2d(3, 4, 1, 2, 0), new BatchNorm2d(4))),
        new Relu(),
        new GlobalAvgPool(),
        new Flatten(),
        new Linear(4, 5),
        new Dropout(0.2f, seed: 3),
        new Relu(),
        new Linear(5, 3));

    [Fact]
    public void Residual_network_with_loss_matches_finite_differences()
    {
        var model = SmallResNet();
        model.Initialize(41);
        var x = RandomTensors.Uniform(42, [3, 1, 5, 7], 0f, 1f);
        int[] labels = [2, 0, 1];
        var loss = new SoftmaxCrossEntropy();
        var context = new PassContext(true, step: 3);
        model.NeedsInputGradient = true;
        loss.Forward(model.Forward(x, context), labels);
        model.ZeroGrad();
        float[] dx = model.Backward(loss.Backward(), context).Float32.ToArray();
        var targets = new List<(string, float[], float[])> { ("input", x.Float32Array, dx) };
        int index = 0;
        targets.AddRange(model.Parameters.Select(p => ($"{index++}:{p.Name}", p.Value, p.Gradient.ToArray())));
        GradientCheck.Compare("small resnet", () => loss.Forward(model.Forward(x, context), labels), targets, 43, 25, kinks: true, step: NetworkStep);
    }
}
