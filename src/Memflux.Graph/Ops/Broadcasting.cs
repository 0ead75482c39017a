using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX multidirectional (numpy) broadcasting for binary elementwise operators, and the one loop that drives
/// an <see cref="IBinaryOperator{T}"/> over broadcast operands.
/// </summary>
/// <remarks>
/// Same-shape and scalar operands go straight to the operator's span kernels (TensorPrimitives). Otherwise the
/// output's dimensions are collapsed into runs where each operand either advances or stays put, so the inner
/// loop is always one span kernel call over the longest contiguous run (e.g. H·W for a per-channel bias).
/// </remarks>
public static class Broadcasting
{
    /// <summary>The broadcast shape of <paramref name="a"/> and <paramref name="b"/>, or an error naming <paramref name="node"/>.</summary>
    public static TensorShape BroadcastShape(Node node, TensorShape a, TensorShape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = Dim(a, i, rank), db = Dim(b, i, rank);
            if (da != db && da != 1 && db != 1)
            {
                throw node.Error($"input shapes {a} and {b} cannot be broadcast: dimension {i} of the broadcast shape is {da} in one and {db} in the other (each must be equal or 1).");
            }

            dims[i] = da == 1 ? db : da;
        }

        return new TensorShape(dims);
    }

    /// <summary>Output info of a two-input elementwise node: both inputs of one type, broadcast shape.</summary>
    public static TensorInfo InferBinary(Node node, IReadOnlyList<TensorInfo?> inputs) => InferBinary(node, inputs, legacy: false);

    /// <summary>As <see cref="InferBinary(Node, IReadOnlyList{TensorInfo?})"/>; <paramref name="legacy"/> applies <see cref="Legacy"/> to B.</summary>
    internal static TensorInfo InferBinary(Node node, IReadOnlyList<TensorInfo?> inputs, bool legacy)
    {
        var a = inputs[0] ?? throw node.Error("input 0 is required but missing.");
        var b = inputs[1] ?? throw node.Error("input 1 is required but missing.");
        if (a.Type != b.Type)
        {
            throw node.Error($"inputs must have the same element type, found {a.Type} and {b.Type}.");
        }

        return new TensorInfo(a.Type, BroadcastShape(node, a.Shape, legacy ? Legacy(node, a.Shape, b.Shape) : b.Shape));
    }

    /// <summary>The attributes of the binary arithmetic operators before opset 7 (Add, Sub, Mul, Div).</summary>
    public static readonly string[] LegacyAttributes = ["axis", "broadcast"];

    /// <summary>
    /// B's shape as the broadcast loop should see it. Before opset 7, B broadcasts to A only with <c>broadcast</c> = 1:
    /// its dimensions line up with A's from <c>axis</c> (trailing when <c>axis</c> is absent), so B is seen with ones
    /// around it; without <c>broadcast</c> the shapes must be equal. From opset 7 the attributes are gone.
    /// </summary>
    internal static TensorShape Legacy(Node node, TensorShape a, TensorShape b)
    {
        bool hasAttributes = node.Attributes.ContainsKey("broadcast") || node.Attributes.ContainsKey("axis");
        if (node.Opset >= 7)
        {
            return hasAttributes ? throw node.Error("attributes 'broadcast' and 'axis' were removed in opset 7 (broadcasting is implicit).") : b;
        }

        if (node.Attributes.GetInt("broadcast", 0) == 0)
        {
            return a.Equals(b) || b.ElementCount == 1 && a.ElementCount == 1 ? b
                : throw node.Error($"input shapes {a} and {b} differ and attribute 'broadcast' is not 1 (before opset 7 broadcasting must be asked for).");
        }

        if (!node.Attributes.ContainsKey("axis"))
        {
            return b;
        }

        int axis = OperatorInputs.NormalizeAxis(node, node.Attributes.GetInt("axis", 0), Math.Max(a.Rank, 1), "axis");
        if (axis + b.Rank > a.Rank)
        {
            throw node.Error($"input 1 {b} does not fit input 0 {a} from axis {axis}.");
        }

        return new TensorShape([.. Enumerable.Repeat(1, axis), .. b.Dimensions, .. Enumerable.Repeat(1, a.Rank - axis - b.Rank)]);
    }

    /// <summary>Applies the arithmetic <typeparamref name="TOp"/> to broadcast operands of one numeric type.</summary>
    internal static Tensor Apply<TOp>(Node node, Tensor a, Tensor b, bool legacy = false)
        where TOp : INumericOperator<TOp>
    {
        RequireSameType(node, a, b);
        b = legacy ? b.Reshape(Legacy(node, a.Shape, b.Shape)) : b;
        var y = Tensor.Zeros(a.Type, BroadcastShape(node, a.Shape, b.Shape));
        var visitor = new NumericVisitor<TOp>(a, b, y);
        return a.Type.VisitNumber<NumericVisitor<TOp>, Tensor>(ref visitor);
    }

    /// <summary>
    /// <c>a = op(a, b)</c>, where <paramref name="a"/> already has the broadcast shape: each output element reads only
    /// the element of <paramref name="a"/> at its own index, so writing into <paramref name="a"/> is safe.
    /// </summary>
    internal static Tensor ApplyInPlace<TOp>(Node node, Tensor a, Tensor b, bool legacy = false)
        where TOp : INumericOperator<TOp>
    {
        b = legacy ? b.Reshape(Legacy(node, a.Shape, b.Shape)) : b;
        if (a.Type != b.Type || !BroadcastShape(node, a.Shape, b.Shape).Equals(a.Shape))
        {
            throw new InvalidOperationException($"{node.Describe()}: in-place execution needs input 0 to have the output's type and shape.");
        }

        var visitor = new NumericVisitor<TOp>(a, b, a);
        return a.Type.VisitNumber<NumericVisitor<TOp>, Tensor>(ref visitor);
    }

    /// <summary>Applies the comparison <typeparamref name="TOp"/> to broadcast operands of one numeric type; the result is bool.</summary>
    internal static Tensor Compare<TOp>(Node node, Tensor a, Tensor b)
        where TOp : IComparisonOperator
    {
        RequireSameType(node, a, b);
        var y = Tensor.Zeros(DataType.Bool, BroadcastShape(node, a.Shape, b.Shape));
        var visitor = new ComparisonVisitor<TOp>(a, b, y);
        return a.Type.VisitNumber<ComparisonVisitor<TOp>, Tensor>(ref visitor);
    }

    /// <summary>Applies the logical <typeparamref name="TOp"/> to broadcast bool operands.</summary>
    internal static Tensor Logical<TOp>(Node node, Tensor a, Tensor b)
        where TOp : ILogicalOperator
    {
        if (a.Type != DataType.Bool || b.Type != DataType.Bool)
        {
            throw node.Error($"inputs must be bool, found {a.Type} and {b.Type}.");
        }

        var y = Tensor.Zeros(DataType.Bool, BroadcastShape(node, a.Shape, b.Shape));
        Run<bool, bool, bool, Logical<TOp>>(a.AsSpan<bool>(), a.Shape, b.AsSpan<bool>(), b.Shape, y.AsSpan<bool>(), y.Shape);
        return y;
    }

    /// <summary>
    /// <paramref name="x"/> broadcast to <paramref name="shape"/> (ONNX Expand's rule: trailing dimensions line up,
    /// each equal or 1), as a new tensor of any element type; <paramref name="shape"/> must be the broadcast shape.
    /// </summary>
    public static Tensor BroadcastTo(Tensor x, TensorShape shape)
    {
        int rank = shape.Rank;
        var sourceStrides = new long[rank];
        int[] strides = x.Shape.Strides();
        for (int d = 0; d < rank; d++)
        {
            int i = d - (rank - x.Shape.Rank);
            sourceStrides[d] = i < 0 || x.Shape[i] == 1 ? 0 : strides[i];
        }

        var y = Tensor.Zeros(x.Type, shape);
        StridedCopy.Copy(x, 0, shape.Dimensions, sourceStrides, y);
        return y;
    }

    /// <summary>
    /// Computes <c>y = op(a, b)</c> with broadcasting; <paramref name="yShape"/> must be the broadcast shape
    /// (see <see cref="BroadcastShape"/>). <paramref name="y"/> must not overlap the inputs, except that it may be
    /// <paramref name="a"/> itself when <paramref name="aShape"/> equals <paramref name="yShape"/>.
    /// </summary>
    internal static void Run<TA, TB, TY, TOp>(ReadOnlySpan<TA> a, TensorShape aShape, ReadOnlySpan<TB> b, TensorShape bShape, Span<TY> y, TensorShape yShape)
        where TOp : IElementwise<TA, TB, TY>
    {
        if (a.Length != aShape.ElementCount || b.Length != bShape.ElementCount || y.Length != yShape.ElementCount)
        {
            throw new ArgumentException($"Span lengths {a.Length}, {b.Length}, {y.Length} do not match shapes {aShape}, {bShape}, {yShape}.");
        }

        if (y.IsEmpty)
        {
            return;
        }

        // Fast paths (ResNet's residual Add, bias by scalar): one TensorPrimitives call.
        if (a.Length == y.Length && b.Length == y.Length)
        {
            TOp.Invoke(a, b, y);
            return;
        }

        if (b.Length == 1 && a.Length == y.Length)
        {
            TOp.Invoke(a, b[0], y);
            return;
        }

        if (a.Length == 1 && b.Length == y.Length)
        {
            TOp.Invoke(a[0], b, y);
            return;
        }

        RunCore<TA, TB, TY, TOp>(a, aShape, b, bShape, y, yShape);
    }

    private static void RequireSameType(Node node, Tensor a, Tensor b)
    {
        if (a.Type != b.Type)
        {
            throw node.Error($"inputs must have the same element type, found {a.Type} and {b.Type}.");
        }
    }

    private static void RunCore<TA, TB, TY, TOp>(ReadOnlySpan<TA> a, TensorShape aShape, ReadOnlySpan<TB> b, TensorShape bShape, Span<TY> y, TensorShape yShape)
        where TOp : IElementwise<TA, TB, TY>
    {
        // Collapse output dimensions into groups in which each operand either advances (full) or repeats (broadcast).
        int rank = yShape.Rank;
        Span<int> sizes = stackalloc int[rank];
        Span<bool> aFull = stackalloc bool[rank];
        Span<bool> bFull = stackalloc bool[rank];
        int groups = 0;
        for (int d = 0; d < rank; d++)
        {
            int yd = yShape[d];
            if (yd == 1)
            {
                continue;
            }

            bool af = Dim(aShape, d, rank) != 1, bf = Dim(bShape, d, rank) != 1;
            if (groups > 0 && aFull[groups - 1] == af && bFull[groups - 1] == bf)
            {
                sizes[groups - 1] *= yd;
            }
            else
            {
                sizes[groups] = yd;
                aFull[groups] = af;
                bFull[groups] = bf;
                groups++;
            }
        }

        Span<int> aStrides = stackalloc int[groups];
        Span<int> bStrides = stackalloc int[groups];
        int aAcc = 1, bAcc = 1;
        for (int g = groups - 1; g >= 0; g--)
        {
            aStrides[g] = aFull[g] ? aAcc : 0;
            bStrides[g] = bFull[g] ? bAcc : 0;
            aAcc *= aFull[g] ? sizes[g] : 1;
            bAcc *= bFull[g] ? sizes[g] : 1;
        }

        int inner = sizes[groups - 1];
        bool aInner = aFull[groups - 1], bInner = bFull[groups - 1];
        int outer = groups - 1;
        Span<int> counters = stackalloc int[outer];
        counters.Clear();
        int aOff = 0, bOff = 0;
        for (int yOff = 0; yOff < y.Length; yOff += inner)
        {
            var yRun = y.Slice(yOff, inner);
            if (aInner && bInner)
            {
                TOp.Invoke(a.Slice(aOff, inner), b.Slice(bOff, inner), yRun);
            }
            else if (aInner)
            {
                TOp.Invoke(a.Slice(aOff, inner), b[bOff], yRun);
            }
            else
            {
                TOp.Invoke(a[aOff], b.Slice(bOff, inner), yRun);
            }

            // Odometer over the outer groups.
            for (int g = outer - 1; g >= 0; g--)
            {
                aOff += aStrides[g];
                bOff += bStrides[g];
                if (++counters[g] < sizes[g])
                {
                    break;
                }

                aOff -= aStrides[g] * sizes[g];
                bOff -= bStrides[g] * sizes[g];
                counters[g] = 0;
            }
        }
    }

    private static int Dim(TensorShape shape, int axis, int rank)
    {
        int i = axis - (rank - shape.Rank);
        return i < 0 ? 1 : shape[i];
    }

    private readonly struct NumericVisitor<TOp>(Tensor a, Tensor b, Tensor y) : INumberVisitor<Tensor>
        where TOp : INumericOperator<TOp>
    {
        public Tensor Visit<T>()
            where T : unmanaged, System.Numerics.INumber<T>
        {
            Run<T, T, T, Numeric<T, TOp>>(a.AsSpan<T>(), a.Shape, b.AsSpan<T>(), b.Shape, y.AsSpan<T>(), y.Shape);
            return y;
        }
    }

    private readonly struct ComparisonVisitor<TOp>(Tensor a, Tensor b, Tensor y) : INumberVisitor<Tensor>
        where TOp : IComparisonOperator
    {
        public Tensor Visit<T>()
            where T : unmanaged, System.Numerics.INumber<T>
        {
            Run<T, T, bool, Comparison<T, TOp>>(a.AsSpan<T>(), a.Shape, b.AsSpan<T>(), b.Shape, y.AsSpan<bool>(), y.Shape);
            return y;
        }
    }
}
