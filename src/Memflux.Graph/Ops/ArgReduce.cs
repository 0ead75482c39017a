using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// The index of the largest or smallest element along one axis (ArgMax, ArgMin, Hardmax): the first such index,
/// or the last with <c>select_last_index</c>. A NaN is never preferred to the element found so far.
/// </summary>
internal static class ArgReduce
{
    /// <summary>ArgMax/ArgMin output: the int64 indices along <c>axis</c>, with the axis kept as size 1 or removed (keepdims).</summary>
    public static TensorShape OutputShape(Node node, TensorInfo x, out int axis)
    {
        if (x.Type == DataType.Bool)
        {
            throw node.Error("input 0 must be numeric, found Bool.");
        }

        if (node.Attributes.ContainsKey("select_last_index") && node.Opset < 12)
        {
            throw node.Error("attribute 'select_last_index' exists from opset 12.");
        }

        if (x.Shape.Rank == 0)
        {
            throw node.Error("input 0 must have rank 1 or more; found a scalar.");
        }

        axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), x.Shape.Rank, "axis");
        if (x.Shape[axis] == 0)
        {
            throw node.Error($"axis {axis} of input {x.Shape} is empty; there is no element to pick.");
        }

        var dims = x.Shape.Dimensions.ToArray();
        if (node.Attributes.GetInt("keepdims", 1) != 0)
        {
            dims[axis] = 1;
            return new TensorShape(dims);
        }

        return new TensorShape([.. dims[..axis], .. dims[(axis + 1)..]]);
    }

    /// <summary>Runs ArgMax (<paramref name="largest"/>) or ArgMin on a node.</summary>
    public static Tensor Execute(Node node, Tensor x, bool largest)
    {
        var shape = OutputShape(node, TensorInfo.Of(x), out int axis);
        var y = Tensor.Zeros(DataType.Int64, shape);
        Indices(x, OperatorInputs.Product(x.Shape.Dimensions, 0, axis), x.Shape[axis], OperatorInputs.Product(x.Shape.Dimensions, axis + 1, x.Shape.Rank), largest, node.Attributes.GetInt("select_last_index", 0) != 0, y.Int64);
        return y;
    }

    /// <summary>For each (outer, inner) line of length <paramref name="dim"/>, the index of its extreme element.</summary>
    public static void Indices(Tensor x, int outer, int dim, int inner, bool largest, bool last, Span<long> result)
    {
        var visitor = new Visitor(x, outer, dim, inner, largest, last, result.Length == 0 ? [] : new long[result.Length]);
        var found = x.Type.VisitNumber<Visitor, long[]>(ref visitor);
        found.CopyTo(result);
    }

    private readonly struct Visitor(Tensor x, int outer, int dim, int inner, bool largest, bool last, long[] result) : INumberVisitor<long[]>
    {
        public long[] Visit<T>()
            where T : unmanaged, INumber<T>
        {
            ReadOnlySpan<T> data = x.AsSpan<T>();
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int start = (o * dim * inner) + i;
                    T best = data[start];
                    int at = 0;
                    for (int j = 1; j < dim; j++)
                    {
                        T v = data[start + (j * inner)];
                        bool better = largest ? (last ? v >= best : v > best) : (last ? v <= best : v < best);
                        if (better)
                        {
                            best = v;
                            at = j;
                        }
                    }

                    result[(o * inner) + i] = at;
                }
            }

            return result;
        }
    }
}
