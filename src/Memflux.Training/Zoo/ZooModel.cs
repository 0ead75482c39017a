using Memflux.Training.Data;
using Memflux.Training.Optimizers;

namespace Memflux.Training.Zoo;

/// <summary>Which optimizer a zoo recipe uses.</summary>
public enum ZooOptimizer
{
    /// <summary>SGD with Nesterov momentum 0.9.</summary>
    SgdNesterov,

    /// <summary>Adam with the paper's betas.</summary>
    Adam,
}

/// <summary>
/// A named network of the model zoo and the recipe that trains it: dataset, epochs, batch size, optimizer, learning
/// rate with a cosine schedule, weight decay and augmentation. Every zoo network takes float [N,1,28,28] pixels in
/// [0, 1] (normalisation is its first layer) and returns [N,10] logits.
/// </summary>
public sealed record ZooModel
{
    /// <summary>The zoo name, e.g. <c>mnist-lenet5</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The dataset it is trained on: <c>mnist</c> or <c>fashion-mnist</c> (a folder under <c>data/</c>).</summary>
    public required string Dataset { get; init; }

    /// <summary>A one-line description of the architecture.</summary>
    public required string Architecture { get; init; }

    /// <summary>
    /// The architecture in the <see cref="ArchitectureSpec"/> grammar (normalisation is implied: the dataset's
    /// statistics); <c>memflux train --model "SPEC" --dataset D</c> builds the same network with the spec recipe.
    /// </summary>
    public required string Spec { get; init; }

    /// <summary>Builds the untrained network, initialised from <c>seed</c>.</summary>
    public required Func<ulong, Sequential> Build { get; init; }

    /// <summary>Recommended epochs.</summary>
    public required int Epochs { get; init; }

    /// <summary>Recommended batch size.</summary>
    public required int BatchSize { get; init; }

    /// <summary>The optimizer.</summary>
    public required ZooOptimizer Optimizer { get; init; }

    /// <summary>Peak learning rate of the cosine schedule.</summary>
    public required float LearningRate { get; init; }

    /// <summary>L2 weight decay on weights.</summary>
    public float WeightDecay { get; init; }

    /// <summary>Epochs of linear learning-rate warm-up.</summary>
    public int WarmupEpochs { get; init; }

    /// <summary>Training-set augmentation.</summary>
    public Augmentation Augmentation { get; init; } = Augmentation.None;

    /// <summary>Hardware-aware training settings (the <c>-hwa</c> variants); null for plain training.</summary>
    public HardwareAware.HardwareAwareOptions? HardwareAware { get; init; }

    /// <summary>The optimizer of this recipe over <paramref name="model"/>'s parameters at <paramref name="learningRate"/>.</summary>
    public Optimizer CreateOptimizer(Layer model, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Optimizer switch
        {
            ZooOptimizer.Adam => new Adam(model.Parameters, learningRate, weightDecay: WeightDecay, decoupled: true),
            _ => new Sgd(model.Parameters, learningRate, momentum: 0.9f, weightDecay: WeightDecay, nesterov: true),
        };
    }

    /// <summary>The cosine schedule from <paramref name="learningRate"/> to zero over <paramref name="epochs"/> (warm-up kept when shorter).</summary>
    public LearningRateSchedule CreateSchedule(float learningRate, int epochs) =>
        new CosineSchedule(learningRate, epochs, 0f, WarmupEpochs < epochs ? WarmupEpochs : 0);
}
