using Memflux.Data;
using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>
/// Seeded random inputs for a graph: floating-point inputs uniform in [0, 1); integer inputs that index a constant
/// table (token ids into an embedding's Gather, possibly through Cast/Reshape/Unsqueeze) uniform over the table's
/// rows; other integer inputs (attention masks, type ids without a table) 0 or 1; uint8 inputs (images) 0 to 255;
/// bool inputs false or true.
/// </summary>
internal static class InputGenerator
{
    /// <summary>Describes the distribution of fp32 inputs, for reports.</summary>
    public const string Distribution = "uniform [0, 1)";

    /// <summary>The seed of <c>eval --random-inputs</c>.</summary>
    public const int RandomInputsSeed = 0;

    /// <summary>Ops through which an integer input reaches a Gather's indices with its values unchanged.</summary>
    private static readonly HashSet<string> ValuePreserving = new(StringComparer.Ordinal) { "Cast", "Reshape", "Unsqueeze", "Squeeze", "Flatten", "Identity", "Expand", "Transpose" };

    /// <summary>
    /// One <see cref="Random"/> seeded with <paramref name="seed"/> fills the inputs in graph order, element by element
    /// (System.Random with a seed gives the same sequence on every platform and .NET version).
    /// </summary>
    public static Dictionary<string, Tensor> Uniform(ComputeGraph graph, int seed) => Uniform(graph, seed, out _);

    /// <summary>As <see cref="Uniform(ComputeGraph, int)"/>; <paramref name="description"/> says what each non-fp32 input got.</summary>
    public static Dictionary<string, Tensor> Uniform(ComputeGraph graph, int seed, out string description) =>
        Uniform(graph, new Random(seed), out description);

    /// <summary>
    /// <paramref name="runs"/> feeds from one <see cref="Random"/> seeded with <paramref name="seed"/>, drawn one after
    /// the other (feed r continues the sequence where feed r − 1 stopped), as a <see cref="SampleSet"/> whose source is
    /// <paramref name="source"/> and whose one note says what each input got.
    /// </summary>
    public static SampleSet UniformRuns(ComputeGraph graph, int runs, int seed, string source)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var rng = new Random(seed);
        var feeds = new List<IReadOnlyDictionary<string, Tensor>>(runs);
        string description = "";
        for (int r = 0; r < runs; r++)
        {
            feeds.Add(Uniform(graph, rng, out description));
        }

        return new SampleSet(source, feeds, notes: [$"random inputs: {description}, seed {seed}."]);
    }

    private static Dictionary<string, Tensor> Uniform(ComputeGraph graph, Random rng, out string description)
    {
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var notes = new List<string>();
        bool anyFloat = false;
        foreach (var input in graph.Inputs)
        {
            var shape = input.Shape ?? throw new MemfluxException($"{graph.SourceLabel}: graph input '{input.Name}' has no static shape.");
            var tensor = Tensor.Zeros(input.Type, shape);
            if (input.Type.IsFloatingPoint())
            {
                anyFloat = true;
                for (int i = 0; i < tensor.Length; i++)
                {
                    Set(tensor, i, rng.NextSingle());
                }
            }
            else
            {
                var (low, high, why) = IntegerRange(graph, input);
                for (int i = 0; i < tensor.Length; i++)
                {
                    Set(tensor, i, rng.NextInt64(low, high + 1));
                }

                notes.Add($"'{input.Name}' {input.Type} {low}..{high} ({why})");
            }

            inputs[input.Name] = tensor;
        }

        description = string.Join("; ", (anyFloat || notes.Count == 0 ? [Distribution] : Array.Empty<string>()).Concat(notes));
        return inputs;
    }

    /// <summary>The inclusive range an integer or bool input is drawn from, and why.</summary>
    private static (long Low, long High, string Why) IntegerRange(ComputeGraph graph, Value input)
    {
        if (input.Type == DataType.Bool)
        {
            return (0, 1, "bool");
        }

        if (TableRows(graph, input) is int rows)
        {
            return (0, rows - 1, $"indices into a table of {rows} rows");
        }

        return input.Type == DataType.UInt8 ? (0, 255, "uint8") : (0, 1, "not an index into a constant table; --inputs gives real values");
    }

    /// <summary>The fewest rows of the constant tables the input indexes through Gather, or null when it indexes none.</summary>
    private static int? TableRows(ComputeGraph graph, Value input)
    {
        int? rows = null;
        var seen = new HashSet<Value>();
        var pending = new Stack<Value>([input]);
        while (pending.TryPop(out var value))
        {
            if (!seen.Add(value))
            {
                continue;
            }

            foreach (var node in graph.Nodes.Where(n => n.Inputs.Contains(value)))
            {
                if (node.OpType == "Gather" && node.Inputs.Count > 1 && node.Inputs[1] == value && node.Inputs[0]?.Constant is { Shape.Rank: > 0 } table)
                {
                    int axis = (int)node.Attributes.GetInt("axis", 0);
                    int dim = table.Shape[axis < 0 ? axis + table.Shape.Rank : axis];
                    rows = Math.Min(rows ?? int.MaxValue, dim);
                }
                else if (ValuePreserving.Contains(node.OpType) && node.Inputs[0] == value)
                {
                    pending.Push(node.Outputs[0]);
                }
            }
        }

        return rows;
    }

    private static void Set(Tensor t, int i, double v)
    {
        switch (t.Type)
        {
            case DataType.Float32: t.Float32[i] = (float)v; break;
            case DataType.Float64: t.AsSpan<double>()[i] = v; break;
            case DataType.Float16: t.AsSpan<Half>()[i] = (Half)v; break;
            case DataType.Int64: t.Int64[i] = (long)v; break;
            case DataType.Int32: t.AsSpan<int>()[i] = (int)v; break;
            case DataType.Int16: t.AsSpan<short>()[i] = (short)v; break;
            case DataType.Int8: t.AsSpan<sbyte>()[i] = (sbyte)v; break;
            case DataType.UInt8: t.AsSpan<byte>()[i] = (byte)v; break;
            case DataType.UInt16: t.AsSpan<ushort>()[i] = (ushort)v; break;
            case DataType.UInt32: t.AsSpan<uint>()[i] = (uint)v; break;
            case DataType.UInt64: t.AsSpan<ulong>()[i] = (ulong)v; break;
            case DataType.Bool: t.AsSpan<bool>()[i] = v != 0; break;
        }
    }
}
