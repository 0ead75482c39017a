using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>How ScatterND and ScatterElements combine an update with the element already there.</summary>
internal enum ScatterReduction
{
    /// <summary>Overwrite (a later duplicate index wins).</summary>
    None,

    /// <summary>Add (opset 16).</summary>
    Add,

    /// <summary>Multiply (opset 16).</summary>
    Mul,

    /// <summary>Keep the larger (opset 18).</summary>
    Max,

    /// <summary>Keep the smaller (opset 18).</summary>
    Min,
}

/// <summary>The <c>reduction</c> attribute of the scatter operators, and the one loop that applies updates.</summary>
internal static class ScatterReductions
{
    /// <summary>The node's reduction: the attribute exists from opset 16 (none, add, mul), max and min from 18.</summary>
    public static ScatterReduction Read(Node node)
    {
        if (!node.Attributes.ContainsKey("reduction"))
        {
            return ScatterReduction.None;
        }

        if (node.Opset < 16)
        {
            throw node.Error("attribute 'reduction' exists from opset 16.");
        }

        string name = node.Attributes.GetString("reduction", "none");
        var reduction = name switch
        {
            "none" => ScatterReduction.None,
            "add" => ScatterReduction.Add,
            "mul" => ScatterReduction.Mul,
            "max" => ScatterReduction.Max,
            "min" => ScatterReduction.Min,
            _ => throw node.Error($"reduction \"{name}\" is not one of none, add, mul, max, min."),
        };
        if (reduction is ScatterReduction.Max or ScatterReduction.Min && node.Opset < 18)
        {
            throw node.Error($"reduction \"{name}\" exists from opset 18; opsets 16–17 allow none, add and mul.");
        }

        return reduction;
    }

    /// <summary>Checks that <paramref name="type"/> can be combined by <paramref name="reduction"/> (bool only overwrites).</summary>
    public static void Check(Node node, ScatterReduction reduction, DataType type)
    {
        if (reduction != ScatterReduction.None && type == DataType.Bool)
        {
            throw node.Error($"reduction \"{reduction.ToString().ToLowerInvariant()}\" needs a numeric type; the data is Bool.");
        }
    }

    /// <summary>
    /// For each k, combines updates[k·slice .. (k+1)·slice) into y[offsets[k] ..] by <paramref name="reduction"/>,
    /// in order (so with no reduction the last duplicate wins).
    /// </summary>
    public static void Scatter(Tensor y, Tensor updates, ReadOnlySpan<int> offsets, int slice, ScatterReduction reduction)
    {
        if (reduction == ScatterReduction.None)
        {
            switch (y.Type.Size())
            {
                case 1: Overwrite(y.Bits<byte>(), updates.Bits<byte>(), offsets, slice); break;
                case 2: Overwrite(y.Bits<ushort>(), updates.Bits<ushort>(), offsets, slice); break;
                case 4: Overwrite(y.Bits<uint>(), updates.Bits<uint>(), offsets, slice); break;
                default: Overwrite(y.Bits<ulong>(), updates.Bits<ulong>(), offsets, slice); break;
            }

            return;
        }

        var visitor = new Visitor(y, updates, offsets.ToArray(), slice, reduction);
        y.Type.VisitNumber<Visitor, bool>(ref visitor);
    }

    private static void Overwrite<T>(Span<T> y, ReadOnlySpan<T> updates, ReadOnlySpan<int> offsets, int slice)
    {
        for (int k = 0; k < offsets.Length; k++)
        {
            updates.Slice(k * slice, slice).CopyTo(y.Slice(offsets[k], slice));
        }
    }

    private readonly struct Visitor(Tensor y, Tensor updates, int[] offsets, int slice, ScatterReduction reduction) : INumberVisitor<bool>
    {
        public bool Visit<T>()
            where T : unmanaged, INumber<T>
        {
            Span<T> destination = y.AsSpan<T>();
            ReadOnlySpan<T> source = updates.AsSpan<T>();
            for (int k = 0; k < offsets.Length; k++)
            {
                var to = destination.Slice(offsets[k], slice);
                var from = source.Slice(k * slice, slice);
                for (int i = 0; i < slice; i++)
                {
                    to[i] = reduction switch
                    {
                        ScatterReduction.Add => to[i] + from[i],
                        ScatterReduction.Mul => to[i] * from[i],
                        ScatterReduction.Max => T.Max(to[i], from[i]),
                        _ => T.Min(to[i], from[i]),
                    };
                }
            }

            return true;
        }
    }
}
