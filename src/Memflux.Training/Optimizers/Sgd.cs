namespace Memflux.Training.Optimizers;

/// <summary>
/// Stochastic gradient descent with momentum, L2 weight decay and optional Nesterov momentum, as PyTorch's SGD:
/// g = ∇ + λw; v = μv + g; w −= η·(g + μv) with Nesterov, else w −= η·v.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly float[][] _velocity;

    /// <summary>Creates the optimizer.</summary>
    public Sgd(IEnumerable<Parameter> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f, bool nesterov = false)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(momentum >= 0f && momentum < 1f) || (nesterov && momentum == 0f))
        {
            throw new Numerics.MemfluxException($"Sgd: momentum must be in [0, 1) (and positive with Nesterov), found {momentum}.");
        }

        Momentum = momentum;
        Nesterov = nesterov;
        _velocity = new float[Parameters.Count][];
        for (int i = 0; i < Parameters.Count; i++)
        {
            _velocity[i] = momentum > 0f ? new float[Parameters[i].Value.Length] : [];
        }
    }

    /// <summary>The momentum factor μ.</summary>
    public float Momentum { get; }

    /// <summary>True for Nesterov momentum.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> gradient, float weightDecay)
    {
        float lr = LearningRate, mu = Momentum;
        var v = _velocity[index].AsSpan();
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i] + (weightDecay * value[i]);
            if (mu > 0f)
            {
                v[i] = (mu * v[i]) + g;
                g = Nesterov ? g + (mu * v[i]) : v[i];
            }

            value[i] -= lr * g;
        }
    }
}
