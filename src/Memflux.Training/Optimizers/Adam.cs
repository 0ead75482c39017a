namespace Memflux.Training.Optimizers;

/// <summary>
/// Adam (Kingma and Ba 2015) with bias correction; weight decay is the classic L2 term added to the gradient, or
/// decoupled (AdamW, Loshchilov and Hutter 2019) when <see cref="Decoupled"/> is set.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly float[][] _m;
    private readonly float[][] _v;
    private long _steps;

    /// <summary>Creates the optimizer (defaults from the paper: β₁ = 0.9, β₂ = 0.999, ε = 1e-8).</summary>
    public Adam(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f, bool decoupled = false)
        : base(parameters, learningRate, weightDecay)
    {
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f) || !(epsilon > 0f))
        {
            throw new Numerics.MemfluxException($"Adam: betas ({beta1}, {beta2}) must be in [0, 1) and epsilon ({epsilon}) positive.");
        }

        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        Decoupled = decoupled;
        _m = new float[Parameters.Count][];
        _v = new float[Parameters.Count][];
        for (int i = 0; i < Parameters.Count; i++)
        {
            _m[i] = new float[Parameters[i].Value.Length];
            _v[i] = new float[Parameters[i].Value.Length];
        }
    }

    /// <summary>Decay of the first-moment estimate.</summary>
    public float Beta1 { get; }

    /// <summary>Decay of the second-moment estimate.</summary>
    public float Beta2 { get; }

    /// <summary>Added to the root of the second moment.</summary>
    public float Epsilon { get; }

    /// <summary>True for decoupled weight decay (AdamW).</summary>
    public bool Decoupled { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> gradient, float weightDecay)
    {
        if (index == 0)
        {
            _steps++;
        }

        float lr = LearningRate, b1 = Beta1, b2 = Beta2;
        float correction1 = 1f - (float)Math.Pow(b1, _steps), correction2 = 1f - (float)Math.Pow(b2, _steps);
        float stepSize = lr / correction1, rootCorrection2 = MathF.Sqrt(correction2);
        var m = _m[index].AsSpan();
        var v = _v[index].AsSpan();
        for (int i = 0; i < value.Length; i++)
        {
            float g = gradient[i];
            if (Decoupled)
            {
                value[i] -= lr * weightDecay * value[i];
            }
            else
            {
                g += weightDecay * value[i];
            }

            m[i] = (b1 * m[i]) + ((1f - b1) * g);
            v[i] = (b2 * v[i]) + ((1f - b2) * g * g);
            value[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) / rootCorrection2) + Epsilon);
        }
    }
}
