using Memflux.Numerics;
using Memflux.TestSupport;

namespace Memflux.Operators.Tests;

/// <summary>Input dictionaries for the common one-input cases.</summary>
internal static class Feeds
{
    public static Dictionary<string, Tensor> X(int[] dims, int seed = 1) => new() { ["x"] = RandomTensors.Uniform(seed, dims) };

    public static Dictionary<string, Tensor> XInt64(int[] dims, int seed = 1) => new() { ["x"] = RandomTensors.UniformInt64(seed, dims) };
}
