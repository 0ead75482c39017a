namespace Memflux.Training.Optimizers;

/// <summary>Step decay: base·γ^⌊epoch / stepEpochs⌋.</summary>
public sealed class StepSchedule(float baseRate, int stepEpochs, float gamma) : LearningRateSchedule
{
    /// <summary>The initial rate.</summary>
    public float BaseRate { get; } = baseRate;

    /// <summary>Epochs between decays.</summary>
    public int StepEpochs { get; } = stepEpochs > 0 ? stepEpochs : throw new Numerics.MemfluxException($"StepSchedule: step epochs must be positive, found {stepEpochs}.");

    /// <summary>Decay factor per step.</summary>
    public float Gamma { get; } = gamma;

    /// <inheritdoc />
    public override float At(int epoch, int batch, int batchesPerEpoch) => BaseRate * MathF.Pow(Gamma, epoch / StepEpochs);
}
