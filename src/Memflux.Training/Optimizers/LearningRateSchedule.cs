namespace Memflux.Training.Optimizers;

/// <summary>The learning rate as a function of training progress.</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The rate for batch <paramref name="batch"/> of epoch <paramref name="epoch"/> (both from 0).</summary>
    public abstract float At(int epoch, int batch, int batchesPerEpoch);
}
