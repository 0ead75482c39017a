using Memflux.Numerics;

namespace Memflux.Training.Optimizers;

/// <summary>Updates parameters from their accumulated gradients. Per-parameter state is kept in fixed order.</summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer over <paramref name="parameters"/>.</summary>
    protected Optimizer(IEnumerable<Parameter> parameters, float learningRate, float weightDecay)
    {
        Parameters = [.. parameters];
        if (!(learningRate >= 0f) || !(weightDecay >= 0f))
        {
            throw new MemfluxException($"{GetType().Name}: learning rate ({learningRate}) and weight decay ({weightDecay}) must not be negative.");
        }

        LearningRate = learningRate;
        WeightDecay = weightDecay;
    }

    /// <summary>The parameters updated, in order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The current learning rate (schedules set it before each step).</summary>
    public float LearningRate { get; set; }

    /// <summary>L2 weight decay, applied to parameters whose <see cref="Parameter.DecaysWeight"/> is true.</summary>
    public float WeightDecay { get; }

    /// <summary>Applies one update from the current gradients.</summary>
    public void Step()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            Update(i, p.Value, p.Gradient, p.DecaysWeight ? WeightDecay : 0f);
        }
    }

    /// <summary>Clears every gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> in place.</summary>
    protected abstract void Update(int index, Span<float> value, ReadOnlySpan<float> gradient, float weightDecay);
}
