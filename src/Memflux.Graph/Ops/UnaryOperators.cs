using System.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>An elementwise fp32 function with a scalar form and a SIMD form, driven by <see cref="UnaryKernel"/>.</summary>
public interface IUnaryOperator
{
    /// <summary>f(x) for one element.</summary>
    float Invoke(float x);

    /// <summary>f(x) for each lane.</summary>
    Vector<float> Invoke(Vector<float> x);
}

/// <summary>The one loop that applies an <see cref="IUnaryOperator"/> over a span: SIMD body, scalar tail.</summary>
public static class UnaryKernel
{
    /// <summary>destination[i] = op(x[i]); the spans must have equal length.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> destination, TOp op)
        where TOp : struct, IUnaryOperator
    {
        if (x.Length != destination.Length)
        {
            throw new ArgumentException($"Destination length {destination.Length} differs from input length {x.Length}.", nameof(destination));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<float>.Count;
            for (; i <= x.Length - width; i += width)
            {
                op.Invoke(new Vector<float>(x[i..])).CopyTo(destination[i..]);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = op.Invoke(x[i]);
        }
    }
}

/// <summary>x ≥ 0 ? x : α·x (ONNX LeakyRelu).</summary>
/// <param name="Alpha">The slope for negative inputs.</param>
public readonly record struct LeakyReluOperator(float Alpha) : IUnaryOperator
{
    /// <inheritdoc />
    public float Invoke(float x) => x >= 0f ? x : Alpha * x;

    /// <inheritdoc />
    public Vector<float> Invoke(Vector<float> x) =>
        Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<float>.Zero), x, x * Alpha);
}
