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

    /// <summary>Uniform int64 values in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static Tensor UniformInt64(int seed, int[] dims, long low = -100, long high = 100)
    {
        var rng = new Random(seed);
        var shape = new TensorShape(dims);
        var data = new long[shape.ElementCount];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = rng.NextInt64(low, high);
        }

        return Tensor.FromInt64(data, shape);
    }
}
