using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>The reflect, edge and wrap modes of Pad: where each output element is read from.</summary>
internal static class PadModes
{
    /// <summary>
    /// For every output element, the flat input index it copies. Per axis, negative pads crop the input to
    /// [lo, hi) first; output coordinate o then reads cropped coordinate o − max(begin, 0), folded into the cropped
    /// range by <paramref name="mode"/>.
    /// </summary>
    public static int[] SourceIndices(Node node, string mode, TensorShape x, long[] begin, long[] end, TensorShape y)
    {
        int rank = x.Rank;
        int[] strides = x.Strides();
        var maps = new int[rank][];
        for (int d = 0; d < rank; d++)
        {
            int lo = (int)Math.Max(0, -begin[d]);
            int length = x[d] - lo - (int)Math.Max(0, -end[d]);
            int before = (int)Math.Max(0, begin[d]);
            maps[d] = new int[y[d]];
            for (int o = 0; o < y[d]; o++)
            {
                maps[d][o] = (lo + Fold(mode, o - before, length)) * strides[d];
            }
        }

        var indices = new int[y.ElementCount];
        Span<int> counters = stackalloc int[rank];
        counters.Clear();
        for (int i = 0; i < indices.Length; i++)
        {
            int source = 0;
            for (int d = 0; d < rank; d++)
            {
                source += maps[d][counters[d]];
            }

            indices[i] = source;
            for (int d = rank - 1; d >= 0 && ++counters[d] == y[d]; d--)
            {
                counters[d] = 0;
            }
        }

        return indices;
    }

    /// <summary>
    /// Checks that each padded axis has something to repeat after cropping and, for reflect, that no pad exceeds
    /// the cropped length − 1 (ONNX Runtime rejects larger reflect pads).
    /// </summary>
    public static void Check(Node node, string mode, TensorShape x, long[] begin, long[] end)
    {
        for (int d = 0; d < x.Rank; d++)
        {
            long length = x[d] - Math.Max(0, -begin[d]) - Math.Max(0, -end[d]);
            long pad = Math.Max(begin[d], end[d]);
            if (pad > 0 && length < 1)
            {
                throw node.Error($"mode \"{mode}\" pads axis {d} of input {x}, which is empty after cropping; there is nothing to repeat.");
            }

            if (mode == "reflect" && pad > length - 1)
            {
                throw node.Error($"mode \"reflect\" pads axis {d} of input {x} by {pad}; it allows at most {length - 1} (the axis length after cropping, less 1).");
            }
        }
    }

    /// <summary>Coordinate <paramref name="t"/> folded into [0, length) by the mode.</summary>
    private static int Fold(string mode, int t, int length)
    {
        if (t >= 0 && t < length)
        {
            return t;
        }

        switch (mode)
        {
            case "edge":
                return Math.Clamp(t, 0, length - 1);
            case "wrap":
                return ((t % length) + length) % length;
            default:
                if (length == 1)
                {
                    return 0;
                }

                // Mirror about the first and last elements without repeating them: period 2·(length − 1).
                int period = 2 * (length - 1);
                int m = ((t % period) + period) % period;
                return m < length ? m : period - m;
        }
    }
}
