using Memflux.Numerics;

namespace Memflux.TestSupport;

/// <summary>Seeded random tensors for tests.</summary>
public static class RandomTensors
{
    /// <summary>Uniform values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor Uniform(int seed, int[] dims, float low = -1f, float high = 1f)
    {
        var rng = new Random(seed);
        var shape = new TensorShape(dims);
        var data = new float[shape.ElementCount];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = low + ((high - low) * rng.NextSingle());
        }

        return Tensor.FromFloat32(data, shape);
    }
}
