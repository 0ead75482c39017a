using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>How one output of Memflux compares with the same output of ONNX Runtime.</summary>
/// <param name="Name">The output name.</param>
/// <param name="Shape">The output shape (equal in both).</param>
/// <param name="MaxAbsError">max |memflux − ort| over the elements.</param>
/// <param name="MaxAbsReference">max |ort|, the scale of <paramref name="MaxRelError"/>.</param>
/// <param name="MaxRelError"><paramref name="MaxAbsError"/> / <paramref name="MaxAbsReference"/> (the absolute error when the reference is all zeros).</param>
/// <param name="Top1Agreement">Fraction of batch items whose argmax (over all but the first axis) is the same.</param>
public sealed record OutputComparison(string Name, int[] Shape, double MaxAbsError, double MaxAbsReference, double MaxRelError, double Top1Agreement);

/// <summary>The comparison of every output; the figures are the worst over outputs.</summary>
public sealed record ComparisonResult(IReadOnlyList<OutputComparison> Outputs)
{
    /// <summary>Largest absolute error over all outputs.</summary>
    public double MaxAbsError => Outputs.Max(o => o.MaxAbsError);

    /// <summary>Largest relative error over all outputs.</summary>
    public double MaxRelError => Outputs.Max(o => o.MaxRelError);

    /// <summary>Smallest top-1 agreement over all outputs.</summary>
    public double Top1Agreement => Outputs.Min(o => o.Top1Agreement);

    /// <summary>True when the relative error is within <paramref name="tolerance"/> (NaN or infinite errors never are).</summary>
    public bool Passes(double tolerance) => MaxRelError <= tolerance;
}

/// <summary>Compares Memflux outputs with ONNX Runtime outputs.</summary>
internal static class OutputComparer
{
    /// <summary>
    /// Compares every output ONNX Runtime produced with the Memflux output of the same name. A missing output or a
    /// shape or type mismatch is an error; a NaN where the other side has a number counts as an infinite error.
    /// </summary>
    public static ComparisonResult Compare(IReadOnlyDictionary<string, Tensor> memflux, IReadOnlyDictionary<string, Tensor> ort, string source)
    {
        if (ort.Count == 0)
        {
            throw new MemfluxException($"{source}: ONNX Runtime produced no outputs to compare.");
        }

        var results = new List<OutputComparison>();
        foreach (var (name, expected) in ort.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!memflux.TryGetValue(name, out var actual))
            {
                throw new MemfluxException($"{source}: output '{name}' is produced by ONNX Runtime but not by Memflux (Memflux outputs: {string.Join(", ", memflux.Keys)}).");
            }

            if (!actual.Shape.Equals(expected.Shape) || actual.Type != expected.Type)
            {
                throw new MemfluxException($"{source}: output '{name}' is {actual.Type}{actual.Shape} in Memflux but {expected.Type}{expected.Shape} in ONNX Runtime.");
            }

            results.Add(CompareOne(name, actual, expected));
        }

        return new ComparisonResult(results);
    }

    /// <summary>Compares two tensors of equal shape and type.</summary>
    public static OutputComparison CompareOne(string name, Tensor actual, Tensor expected)
    {
        double maxAbs = 0, maxRef = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected.GetAsDouble(i), a = actual.GetAsDouble(i);
            double diff = double.IsNaN(e) && double.IsNaN(a) ? 0
                : double.IsNaN(e) || double.IsNaN(a) ? double.PositiveInfinity
                : a.Equals(e) ? 0 // equal infinities
                : Math.Abs(a - e);
            maxAbs = Math.Max(maxAbs, diff);
            if (!double.IsNaN(e))
            {
                maxRef = Math.Max(maxRef, Math.Abs(e));
            }
        }

        double rel = maxRef > 0 ? maxAbs / maxRef : maxAbs;
        return new OutputComparison(name, expected.Shape.Dimensions.ToArray(), maxAbs, maxRef, rel, Top1Agreement(actual, expected));
    }

    /// <summary>
    /// The fraction of batch items (first axis) whose argmax over the remaining axes, flattened, is equal.
    /// A scalar output counts as one item.
    /// </summary>
    public static double Top1Agreement(Tensor actual, Tensor expected)
    {
        int items = expected.Shape.Rank == 0 ? 1 : expected.Shape[0];
        if (items == 0 || expected.Length == 0)
        {
            return 1;
        }

        int row = expected.Length / items;
        int same = 0;
        for (int b = 0; b < items; b++)
        {
            if (ArgMax(actual, b * row, row) == ArgMax(expected, b * row, row))
            {
                same++;
            }
        }

        return (double)same / items;
    }

    /// <summary>
    /// Combines the comparisons of several runs of the same model: per output, the largest absolute error and the
    /// largest reference magnitude over the runs (so the relative error keeps its single-run meaning), and the mean top-1
    /// agreement (every run has the same batch).
    /// </summary>
    public static ComparisonResult Combine(IReadOnlyList<ComparisonResult> runs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        if (runs.Count == 1)
        {
            return runs[0];
        }

        var outputs = runs[0].Outputs.Select((first, k) =>
        {
            var all = runs.Select(r => r.Outputs[k]).ToList();
            double maxAbs = all.Max(o => o.MaxAbsError), maxRef = all.Max(o => o.MaxAbsReference);
            double rel = maxRef > 0 ? maxAbs / maxRef : maxAbs;
            return new OutputComparison(first.Name, first.Shape, maxAbs, maxRef, rel, all.Average(o => o.Top1Agreement));
        }).ToList();
        return new ComparisonResult(outputs);
    }

    /// <summary>The index of the largest of <paramref name="count"/> elements from <paramref name="start"/> (the first on ties).</summary>
    public static int ArgMax(Tensor t, int start, int count)
    {
        int best = 0;
        double bestValue = double.NegativeInfinity;
        for (int i = 0; i < count; i++)
        {
            double v = t.GetAsDouble(start + i);
            if (v > bestValue)
            {
                bestValue = v;
                best = i;
            }
        }

        return best;
    }
}
