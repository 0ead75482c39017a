namespace Memflux.Training;

/// <summary>
/// How a forward or backward pass runs: training or evaluation mode, the optimizer step (the key that seeded
/// per-step randomness such as dropout masks uses), and the parallelism the layers may use.
/// </summary>
public readonly struct PassContext
{
    private static readonly ParallelOptions DefaultParallel = new();
    private readonly ParallelOptions? _parallel;

    /// <summary>Creates a context.</summary>
    /// <param name="training">True for training mode (batch statistics, dropout on).</param>
    /// <param name="step">The optimizer step; stochastic layers key their randomness by it.</param>
    /// <param name="parallel">Parallelism options; null uses the default (all cores).</param>
    public PassContext(bool training, long step = 0, ParallelOptions? parallel = null)
    {
        Training = training;
        Step = step;
        _parallel = parallel;
    }

    /// <summary>Evaluation mode with default parallelism.</summary>
    public static PassContext Inference => new(false);

    /// <summary>True in training mode: batch-norm uses batch statistics and updates running ones; dropout drops.</summary>
    public bool Training { get; }

    /// <summary>The optimizer step; stochastic layers key their randomness by (seed, step, element).</summary>
    public long Step { get; }

    /// <summary>Options for <see cref="Parallel"/> loops. Results never depend on the degree of parallelism.</summary>
    public ParallelOptions Parallel => _parallel ?? DefaultParallel;
}
