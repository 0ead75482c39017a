using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Unique (opset 11): the distinct elements of the flattened input, or the distinct slices along <c>axis</c>,
/// in ascending (lexicographic for slices) order with <c>sorted</c> = 1 (default) or in order of first occurrence;
/// optional int64 outputs: the first occurrence of each, the inverse mapping, and the counts. The output length is
/// data-dependent, so the input must be constant at import. Numeric element types.
/// </summary>
public sealed class Unique : Operator
{
    /// <inheritdoc />
    public override string OpType => "Unique";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis", "sorted"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
        [.. Compute(node, DataDependent.RequireConstant(node, inputs, 0, "X")).Select(TensorInfo.Of)];

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => Compute(node, RequireInput(node, inputs, 0));

    private static Tensor[] Compute(Node node, Tensor x)
    {
        if (x.Type == DataType.Bool)
        {
            throw node.Error("input 0 must be numeric, found Bool.");
        }

        int axis = -1;
        if (node.Attributes.ContainsKey("axis"))
        {
            axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), x.Shape.Rank, "axis");
        }

        int outer = axis < 0 ? 1 : OperatorInputs.Product(x.Shape.Dimensions, 0, axis);
        int dim = axis < 0 ? x.Length : x.Shape[axis];
        int inner = axis < 0 ? 1 : OperatorInputs.Product(x.Shape.Dimensions, axis + 1, x.Shape.Rank);
        var visitor = new Visitor(x, outer, dim, inner);
        int[][] groups = x.Type.VisitNumber<Visitor, int[][]>(ref visitor);

        // groups: the positions of each distinct slice, ascending; sorted = 0 orders them by first occurrence.
        if (node.Attributes.GetInt("sorted", 1) == 0)
        {
            Array.Sort(groups, (a, b) => a[0].CompareTo(b[0]));
        }

        int count = groups.Length;
        var source = new int[outer * count * inner];
        var first = new long[count];
        var inverse = new long[dim];
        var counts = new long[count];
        for (int g = 0; g < count; g++)
        {
            first[g] = groups[g][0];
            counts[g] = groups[g].Length;
            foreach (int p in groups[g])
            {
                inverse[p] = g;
            }
        }

        for (int o = 0, n = 0; o < outer; o++)
        {
            for (int g = 0; g < count; g++)
            {
                for (int i = 0; i < inner; i++)
                {
                    source[n++] = (((o * dim) + groups[g][0]) * inner) + i;
                }
            }
        }

        var dims = axis < 0 ? [count] : x.Shape.Dimensions.ToArray();
        if (axis >= 0)
        {
            dims[axis] = count;
        }

        var y = Tensor.Zeros(x.Type, new TensorShape(dims));
        IndexedCopy.Gather(x, source, y);
        return [y, Tensor.Vector(first), Tensor.Vector(inverse), Tensor.Vector(counts)];
    }

    /// <summary>Groups the positions 0..dim−1 by equal slice, the groups in ascending slice order.</summary>
    private readonly struct Visitor(Tensor x, int outer, int dim, int inner) : INumberVisitor<int[][]>
    {
        public int[][] Visit<T>()
            where T : unmanaged, INumber<T>
        {
            T[] data = x.AsArray<T>();
            int d = dim, n = inner, o = outer;
            int Compare(int a, int b)
            {
                for (int i = 0; i < o; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        int c = data[(((i * d) + a) * n) + j].CompareTo(data[(((i * d) + b) * n) + j]);
                        if (c != 0)
                        {
                            return c;
                        }
                    }
                }

                return 0;
            }

            var order = new int[dim];
            for (int p = 0; p < order.Length; p++)
            {
                order[p] = p;
            }

            Array.Sort(order, (a, b) => Compare(a, b) is int c && c != 0 ? c : a.CompareTo(b));
            var groups = new List<int[]>();
            for (int start = 0; start < order.Length;)
            {
                int end = start + 1;
                while (end < order.Length && Compare(order[start], order[end]) == 0)
                {
                    end++;
                }

                groups.Add(order[start..end]);
                start = end;
            }

            return [.. groups];
        }
    }
}
