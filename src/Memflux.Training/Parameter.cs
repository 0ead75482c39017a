using Memflux.Numerics;

namespace Memflux.Training;

/// <summary>What a parameter is for: it decides its initialisation and whether weight decay applies.</summary>
public enum ParameterRole
{
    /// <summary>A weight matrix or kernel: He-uniform initialisation, weight decay applies.</summary>
    Weight,

    /// <summary>A bias: zero initialisation, no weight decay.</summary>
    Bias,

    /// <summary>A normalisation scale (γ): initialised to one, no weight decay.</summary>
    Scale,

    /// <summary>A normalisation shift (β): initialised to zero, no weight decay.</summary>
    Shift,
}

/// <summary>A trainable tensor and its gradient. Backward passes accumulate into <see cref="Gradient"/>.</summary>
public sealed class Parameter
{
    /// <summary>Creates a parameter of <paramref name="shape"/>, zero-filled.</summary>
    /// <param name="name">A name for messages and exports, e.g. <c>weight</c>.</param>
    /// <param name="shape">The shape (OIHW for conv kernels, [out,in] for linear weights).</param>
    /// <param name="role">Decides initialisation and weight decay.</param>
    /// <param name="fanIn">Inputs feeding one output (for He initialisation).</param>
    public Parameter(string name, TensorShape shape, ParameterRole role, int fanIn)
    {
        Name = name;
        Shape = shape;
        Role = role;
        FanIn = fanIn;
        Value = new float[shape.ElementCount];
        Gradient = new float[shape.ElementCount];
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    /// <summary>The shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>What the parameter is for.</summary>
    public ParameterRole Role { get; }

    /// <summary>Inputs feeding one output.</summary>
    public int FanIn { get; }

    /// <summary>The values (row-major).</summary>
    public float[] Value { get; }

    /// <summary>The accumulated gradient of the loss with respect to <see cref="Value"/>.</summary>
    public float[] Gradient { get; }

    /// <summary>True when weight decay applies (weights, not biases or normalisation parameters).</summary>
    public bool DecaysWeight => Role == ParameterRole.Weight;

    /// <summary>The values as a tensor (no copy).</summary>
    public Tensor AsTensor() => Tensor.FromFloat32(Value, Shape);

    /// <summary>Clears the gradient.</summary>
    public void ZeroGrad() => Array.Clear(Gradient);

    /// <summary>
    /// Initialises the values from (<paramref name="seed"/>, <paramref name="stream"/>): weights He-uniform in
    /// ±sqrt(6 / fanIn) (He et al. 2015, for ReLU networks), biases and shifts zero, scales one.
    /// </summary>
    public void Initialize(ulong seed, ulong stream)
    {
        switch (Role)
        {
            case ParameterRole.Weight:
                var rng = new SplitMix64(SplitMix64.Mix(seed, stream));
                float bound = MathF.Sqrt(6f / Math.Max(FanIn, 1));
                for (int i = 0; i < Value.Length; i++)
                {
                    Value[i] = ((2f * rng.NextSingle()) - 1f) * bound;
                }

                break;
            case ParameterRole.Scale:
                Array.Fill(Value, 1f);
                break;
            default:
                Array.Clear(Value);
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}{Shape}";
}
