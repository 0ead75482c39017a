namespace Memflux.Training.Optimizers;

/// <summary>A constant rate.</summary>
public sealed class ConstantSchedule(float learningRate) : LearningRateSchedule
{
    /// <summary>The rate.</summary>
    public float LearningRate { get; } = learningRate;

    /// <inheritdoc />
    public override float At(int epoch, int batch, int batchesPerEpoch) => LearningRate;
}
