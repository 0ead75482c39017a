using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Training.HardwareAware;

/// <summary>Clips a layer's weights to ±k·std(W) (population std over the whole tensor), as in HWA training recipes.</summary>
public static class WeightClipping
{
    /// <summary>Clips <paramref name="weights"/> in place to ±<paramref name="k"/>·std; returns the bound used.</summary>
    public static float Apply(Span<float> weights, float k)
    {
        if (!(k > 0f))
        {
            throw new MemfluxException($"WeightClipping: k must be positive, found {k}.");
        }

        if (weights.IsEmpty)
        {
            return 0f;
        }

        double sum = 0, sumSquares = 0;
        foreach (float w in weights)
        {
            sum += w;
            sumSquares += (double)w * w;
        }

        double mean = sum / weights.Length;
        float bound = k * (float)Math.Sqrt(Math.Max((sumSquares / weights.Length) - (mean * mean), 0));
        TensorPrimitives.Clamp(weights, -bound, bound, weights);
        return bound;
    }
}
