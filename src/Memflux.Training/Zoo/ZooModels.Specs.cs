using Memflux.Numerics;

namespace Memflux.Training.Zoo;

/// <summary>Models written as an <see cref="ArchitectureSpec"/> rather than named: the spec recipe and name resolution.</summary>
public static partial class ZooModels
{
    /// <summary>The dataset a spec model trains on when none is named.</summary>
    public const string SpecDefaultDataset = "mnist";

    /// <summary>Epochs of the spec recipe.</summary>
    public const int SpecEpochs = 10;

    /// <summary>Batch size of the spec recipe.</summary>
    public const int SpecBatchSize = 64;

    /// <summary>Peak learning rate of the spec recipe (Adam, cosine to zero).</summary>
    public const float SpecLearningRate = 1e-3f;

    /// <summary>
    /// The recipe of a spec model: Adam (β₁ 0.9, β₂ 0.999) at a peak learning rate of 1e-3 with a cosine schedule to
    /// zero, no weight decay, no warm-up, no augmentation, 10 epochs of batches of 64. Adam at 1e-3 is the common
    /// default that trains most small networks without tuning (with or without batch-norm); epochs, batch size and
    /// learning rate can be overridden (<c>--epochs</c>, <c>--batch-size</c>, <c>--lr</c>).
    /// </summary>
    public static ZooModel FromSpec(ArchitectureSpec spec, string dataset)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var statistics = Statistics(dataset);
        return new ZooModel
        {
            Name = spec.Text.Trim(),
            Dataset = dataset,
            Architecture = spec.Text.Trim(),
            Spec = spec.Text.Trim(),
            Build = seed => spec.Build(statistics, seed),
            Epochs = SpecEpochs,
            BatchSize = SpecBatchSize,
            Optimizer = ZooOptimizer.Adam,
            LearningRate = SpecLearningRate,
        };
    }

    /// <summary>
    /// The zoo model named <paramref name="modelOrSpec"/>, else the spec model it describes on
    /// <paramref name="dataset"/> (default <see cref="SpecDefaultDataset"/>). Text that is neither is an error listing
    /// the zoo and saying why it is not a valid spec.
    /// </summary>
    public static ZooModel Resolve(string modelOrSpec, string? dataset = null)
    {
        ArgumentNullException.ThrowIfNull(modelOrSpec);
        var zoo = All.FirstOrDefault(m => string.Equals(m.Name, modelOrSpec, StringComparison.Ordinal));
        if (zoo is not null)
        {
            return zoo;
        }

        ArchitectureSpec spec;
        try
        {
            spec = ArchitectureSpec.Parse(modelOrSpec);
        }
        catch (MemfluxException e) when (!modelOrSpec.Contains('(', StringComparison.Ordinal))
        {
            // A bare word is more likely a misspelt zoo name than a one-layer spec: say both.
            throw new MemfluxException($"model '{modelOrSpec}' is not in the zoo (expected one of: {string.Join(", ", Names)}) nor a valid architecture spec (docs/architecture-spec.md): {e.Message}");
        }

        return FromSpec(spec, dataset ?? SpecDefaultDataset);
    }

    /// <summary>The per-channel pixel mean and std of <paramref name="dataset"/> (<c>mnist</c> or <c>fashion-mnist</c>).</summary>
    public static (float Mean, float Std) Statistics(string dataset) => dataset switch
    {
        "mnist" => MnistStatistics,
        "fashion-mnist" => FashionStatistics,
        _ => throw new MemfluxException($"dataset '{dataset}' has no known pixel statistics; expected mnist or fashion-mnist."),
    };
}
