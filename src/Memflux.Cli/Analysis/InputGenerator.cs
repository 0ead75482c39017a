using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Cli.Analysis;

/// <summary>Seeded random inputs for a graph: every fp32 input filled with values uniform in [0, 1).</summary>
internal static class InputGenerator
{
    /// <summary>Describes the distribution, for reports.</summary>
    public const string Distribution = "uniform [0, 1)";

    /// <summary>
    /// One <see cref="Random"/> seeded with <paramref name="seed"/> fills the inputs in graph order, element by element
    /// (System.Random with a seed gives the same sequence on every platform and .NET version).
    /// </summary>
    public static Dictionary<string, Tensor> Uniform(ComputeGraph graph, int seed)
    {
        var rng = new Random(seed);
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var input in graph.Inputs)
        {
            if (input.Type != DataType.Float32)
            {
                throw new MemfluxException($"{graph.SourceLabel}: graph input '{input.Name}' is {input.Type}; random inputs are generated for Float32 inputs only.");
            }

            var shape = input.Shape ?? throw new MemfluxException($"{graph.SourceLabel}: graph input '{input.Name}' has no static shape.");
            var data = new float[shape.ElementCount];
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = rng.NextSingle();
            }

            inputs[input.Name] = Tensor.FromFloat32(data, shape);
        }

        return inputs;
    }
}
