namespace Memflux.Training.Optimizers;

/// <summary>
/// Cosine annealing per batch (Loshchilov and Hutter 2017, no restarts) from the base rate to the minimum over
/// <see cref="Epochs"/> epochs, after an optional linear warm-up.
/// </summary>
public sealed class CosineSchedule(float baseRate, int epochs, float minimumRate = 0f, int warmupEpochs = 0) : LearningRateSchedule
{
    /// <summary>The peak rate.</summary>
    public float BaseRate { get; } = baseRate;

    /// <summary>Epochs of the whole schedule (warm-up included).</summary>
    public int Epochs { get; } = epochs > warmupEpochs ? epochs : throw new Numerics.MemfluxException($"CosineSchedule: epochs ({epochs}) must exceed warm-up epochs ({warmupEpochs}).");

    /// <summary>The final rate.</summary>
    public float MinimumRate { get; } = minimumRate;

    /// <summary>Epochs of linear warm-up from zero.</summary>
    public int WarmupEpochs { get; } = warmupEpochs;

    /// <inheritdoc />
    public override float At(int epoch, int batch, int batchesPerEpoch)
    {
        double t = epoch + ((double)batch / Math.Max(batchesPerEpoch, 1));
        if (t < WarmupEpochs)
        {
            return (float)(BaseRate * (t + (1.0 / Math.Max(batchesPerEpoch, 1))) / WarmupEpochs);
        }

        double progress = Math.Min((t - WarmupEpochs) / (Epochs - WarmupEpochs), 1.0);
        return (float)(MinimumRate + (0.5 * (BaseRate - MinimumRate) * (1 + Math.Cos(Math.PI * progress))));
    }
}
