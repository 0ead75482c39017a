using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX TopK (opsets 1, 10, 11): the k largest (or, with <c>largest</c> = 0 from opset 11, smallest) elements along
/// <c>axis</c> (default −1) and their int64 indices; k is the attribute <c>k</c> before opset 10 and the constant
/// int64 input 1 after. Equal elements are ordered by lower index first, as ONNX Runtime does; the results are
/// always sorted (the spec leaves the order open when <c>sorted</c> = 0). NaN sorts as the largest value; ONNX
/// Runtime's order around NaN depends on its sorting algorithm and is not reproduced. Numeric element types.
/// </summary>
public sealed class TopK : Operator
{
    /// <inheritdoc />
    public override string OpType => "TopK";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["axis", "k", "largest", "sorted"];

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var shape = OutputShape(node, x, K(node, inputs), out _);
        return [new TensorInfo(x.Type, shape), new TensorInfo(DataType.Int64, shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var shape = OutputShape(node, TensorInfo.Of(x), K(node, OperatorInputs.Describe(inputs)), out int axis);
        var values = Tensor.Zeros(x.Type, shape);
        var indices = Tensor.Zeros(DataType.Int64, shape);
        var visitor = new Visitor(
            x,
            values,
            indices,
            OperatorInputs.Product(x.Shape.Dimensions, 0, axis),
            x.Shape[axis],
            OperatorInputs.Product(x.Shape.Dimensions, axis + 1, x.Shape.Rank),
            shape[axis],
            node.Attributes.GetInt("largest", 1) != 0);
        x.Type.VisitNumber<Visitor, bool>(ref visitor);
        return [values, indices];
    }

    private static long K(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        if (node.Opset < 10)
        {
            if (inputs.Count > 1)
            {
                throw node.Error($"before opset 10 k is an attribute; found {inputs.Count} inputs, expected 1.");
            }

            long attribute = node.Attributes.RequireInt("k");
            if (attribute < 1)
            {
                throw node.Error($"attribute 'k' is {attribute}; before opset 10 it must be 1 or more.");
            }

            return attribute;
        }

        if (node.Attributes.ContainsKey("k"))
        {
            throw node.Error("from opset 10 k is input 1, not an attribute.");
        }

        if (node.Opset < 11 && (node.Attributes.ContainsKey("largest") || node.Attributes.ContainsKey("sorted")))
        {
            throw node.Error("attributes 'largest' and 'sorted' exist from opset 11.");
        }

        long[] k = OperatorInputs.RequireConstantInts(node, inputs, 1, "K");
        if (k.Length != 1)
        {
            throw node.Error($"input 1 (K) must hold one value, found {k.Length}.");
        }

        return k[0];
    }

    private static TensorShape OutputShape(Node node, TensorInfo x, long k, out int axis)
    {
        if (x.Type == DataType.Bool)
        {
            throw node.Error("input 0 must be numeric, found Bool.");
        }

        if (x.Shape.Rank == 0)
        {
            throw node.Error("input 0 must have rank 1 or more; found a scalar.");
        }

        axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", -1), x.Shape.Rank, "axis");
        if (k < 0 || k > x.Shape[axis])
        {
            throw node.Error($"k {k} must be 0 to {x.Shape[axis]}, the size of axis {axis} of input {x.Shape}.");
        }

        var dims = x.Shape.Dimensions.ToArray();
        dims[axis] = (int)k;
        return new TensorShape(dims);
    }

    private readonly struct Visitor(Tensor x, Tensor values, Tensor indices, int outer, int dim, int inner, int k, bool largest) : INumberVisitor<bool>
    {
        public bool Visit<T>()
            where T : unmanaged, INumber<T>
        {
            ReadOnlySpan<T> data = x.AsSpan<T>();
            Span<T> top = values.AsSpan<T>();
            Span<long> at = indices.Int64;
            var line = new T[dim];
            var order = new int[dim];
            var comparer = new LineComparer<T>(line, largest);
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int start = (o * dim * inner) + i;
                    for (int j = 0; j < dim; j++)
                    {
                        line[j] = data[start + (j * inner)];
                        order[j] = j;
                    }

                    Array.Sort(order, comparer);
                    int output = (o * k * inner) + i;
                    for (int j = 0; j < k; j++)
                    {
                        top[output + (j * inner)] = line[order[j]];
                        at[output + (j * inner)] = order[j];
                    }
                }
            }

            return true;
        }
    }

    /// <summary>Orders positions of a line by value (descending when largest) and then by position; NaN sorts as largest.</summary>
    private sealed class LineComparer<T>(T[] line, bool largest) : IComparer<int>
        where T : unmanaged, INumber<T>
    {
        public int Compare(int a, int b)
        {
            T x = line[a], y = line[b];
            bool xNaN = T.IsNaN(x), yNaN = T.IsNaN(y);
            int byValue = xNaN || yNaN ? xNaN.CompareTo(yNaN) : x.CompareTo(y);
            if (largest)
            {
                byValue = -byValue;
            }

            return byValue != 0 ? byValue : a.CompareTo(b);
        }
    }
}
