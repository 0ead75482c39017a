using Memflux.Experiments;

namespace Memflux.Sweeps;

/// <summary>
/// A sweep point's cost estimate for balancing shards (<see cref="Shard.Balance"/>), in multiply-accumulates of its
/// model: one image's worth for the cost estimate (compile and simulation; milliseconds, about the same for any point
/// [memflux_assumption]), and for accuracy one image per sample, per read time and per programmed chip (seed), which is
/// what an accuracy point's analog inference runs. Only the ratios between points matter.
/// </summary>
public static class PointCost
{
    /// <summary>
    /// Samples assumed for a bundled dataset's test split without a limit: the 10,000 test images of MNIST and
    /// Fashion-MNIST [memflux_assumption] (only ratios matter, and every such point gets the same count).
    /// </summary>
    public const int DatasetSamples = 10_000;

    /// <summary>The cost of <paramref name="experiment"/>, whose model runs <paramref name="macsPerImage"/> MACs per image.</summary>
    public static double Of(Experiment experiment, long macsPerImage)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentOutOfRangeException.ThrowIfLessThan(macsPerImage, 0);
        double images = experiment.Metrics.Estimate || experiment.Metrics.VerifyModel is not null ? 1 : 0;
        if (experiment.Metrics.Accuracy)
        {
            images += (double)experiment.Seeds * experiment.TimesSeconds.Count * Samples(experiment.Inputs);
        }

        return Math.Max(1, macsPerImage) * Math.Max(1, images);
    }

    /// <summary>Samples an accuracy run reads: the random count, else the limit, else a dataset's test split, else a file's batch.</summary>
    public static double Samples(ExperimentInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Random ?? inputs.Limit ?? (inputs.Dataset is not null ? DatasetSamples : inputs.Batch ?? 1);
    }
}
