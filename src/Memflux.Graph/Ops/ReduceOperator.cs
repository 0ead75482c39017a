using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// The ONNX ReduceX operators (opsets 1–21): <c>axes</c> as an attribute before <see cref="AxesInputFromOpset"/> and as
/// an optional constant input 1 from it, <c>keepdims</c> (default 1), and <c>noop_with_empty_axes</c> (from the opset
/// where axes became an input: with no axes, 1 reduces each element on its own, so ReduceL1 gives |x|, ReduceSumSquare
/// x² and ReduceLogSum log x as ONNX Runtime does; 0 reduces every axis).
/// </summary>
/// <remarks>
/// The reduced axes are brought to the form [outer, reduced, inner] without moving data when they are adjacent
/// (size-1 axes are ignored); otherwise the kept axes are first transposed ahead of the reduced ones. fp16 is reduced in
/// fp32 and rounded once at the end.
/// </remarks>
public abstract class ReduceOperator : Operator
{
    /// <inheritdoc />
    public sealed override IReadOnlyCollection<string> SupportedAttributes { get; } = ["axes", "keepdims", "noop_with_empty_axes"];

    /// <inheritdoc />
    public sealed override int MaxInputs => 2;

    /// <summary>The first opset in which <c>axes</c> is input 1 (13 for ReduceSum, 18 for the others).</summary>
    protected virtual int AxesInputFromOpset => 18;

    /// <summary>The element types the operator accepts (those ONNX Runtime's CPU provider implements).</summary>
    protected virtual IReadOnlyList<DataType> SupportedTypes { get; } =
        [DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int32, DataType.Int64];

    /// <summary>What is computed over each group of reduced elements.</summary>
    internal abstract ReduceKind Kind { get; }

    /// <inheritdoc />
    public sealed override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, Plan(node, x, inputs).Output)];
    }

    /// <inheritdoc />
    public sealed override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var plan = Plan(node, TensorInfo.Of(x), OperatorInputs.Describe(inputs));
        var source = x;
        if (plan.Permutation is { } perm)
        {
            var strides = x.Shape.Strides();
            var shape = new TensorShape([.. perm.Select(p => x.Shape[p])]);
            source = Tensor.Zeros(x.Type, shape);
            StridedCopy.Copy(x, 0, shape.Dimensions, [.. perm.Select(p => (long)strides[p])], source);
        }

        var y = Tensor.Zeros(x.Type, plan.Output);
        if (x.Type == DataType.Float16)
        {
            var wide = new float[source.Length];
            var half = source.AsSpan<Half>();
            for (int i = 0; i < wide.Length; i++)
            {
                wide[i] = (float)half[i];
            }

            var result = new float[y.Length];
            Reduction.Run(Kind, wide, plan.Outer, plan.Reduced, plan.Inner, result);
            var yHalf = y.AsSpan<Half>();
            for (int i = 0; i < result.Length; i++)
            {
                yHalf[i] = (Half)result[i];
            }

            return [y];
        }

        var visitor = new RunVisitor(Kind, source, plan, y);
        x.Type.VisitNumber<RunVisitor, bool>(ref visitor);
        return [y];
    }

    private Layout Plan(Node node, TensorInfo x, IReadOnlyList<TensorInfo?> inputs)
    {
        if (!SupportedTypes.Contains(x.Type))
        {
            throw node.Error($"input data is {x.Type}; expected one of {string.Join(", ", SupportedTypes)}.");
        }

        long keepDims = node.Attributes.GetInt("keepdims", 1);
        long noop = node.Attributes.GetInt("noop_with_empty_axes", 0);
        if (keepDims is not (0 or 1) || noop is not (0 or 1))
        {
            throw node.Error($"attributes 'keepdims' ({keepDims}) and 'noop_with_empty_axes' ({noop}) must be 0 or 1.");
        }

        if (node.Attributes.ContainsKey("noop_with_empty_axes") && node.Opset < AxesInputFromOpset)
        {
            throw node.Error($"attribute 'noop_with_empty_axes' exists only from opset {AxesInputFromOpset}.");
        }

        var given = AxesInput.Read(node, inputs, AxesInputFromOpset);
        var dims = x.Shape.Dimensions;
        int rank = dims.Length;
        if (given is null || given.Length == 0)
        {
            if (noop == 1)
            {
                return new Layout(x.Shape, null, x.Shape.ElementCount, 1, 1);
            }

            given = [.. Enumerable.Range(0, rank).Select(i => (long)i)];
        }

        var reduced = new bool[rank];
        foreach (int axis in OperatorInputs.NormalizeAxes(node, given, rank, "axis"))
        {
            reduced[axis] = true;
        }

        var output = new List<int>(rank);
        for (int i = 0; i < rank; i++)
        {
            if (!reduced[i])
            {
                output.Add(dims[i]);
            }
            else if (keepDims == 1)
            {
                output.Add(1);
            }
        }

        // Reduced axes of size > 1 that are adjacent reduce in place as [outer, reduced, inner]; otherwise kept axes go first.
        int first = -1, last = -1;
        bool adjacent = true;
        for (int i = 0; i < rank; i++)
        {
            if (!reduced[i] || dims[i] == 1)
            {
                continue;
            }

            for (int j = last + 1; first >= 0 && j < i; j++)
            {
                adjacent &= reduced[j] || dims[j] == 1;
            }

            first = first < 0 ? i : first;
            last = i;
        }

        int reducedCount = Count(dims, reduced, want: true);
        int keptCount = Count(dims, reduced, want: false);
        if (first < 0)
        {
            return new Layout(new TensorShape([.. output]), null, keptCount, reducedCount, 1);
        }

        if (adjacent)
        {
            int outer = OperatorInputs.Product(dims, 0, first);
            int inner = OperatorInputs.Product(dims, last + 1, rank);
            return new Layout(new TensorShape([.. output]), null, outer, reducedCount, inner);
        }

        int[] perm = [.. Enumerable.Range(0, rank).Where(i => !reduced[i]), .. Enumerable.Range(0, rank).Where(i => reduced[i])];
        return new Layout(new TensorShape([.. output]), perm, keptCount, reducedCount, 1);
    }

    private static int Count(ReadOnlySpan<int> dims, bool[] reduced, bool want)
    {
        long n = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (reduced[i] == want)
            {
                n *= dims[i];
            }
        }

        return checked((int)n);
    }

    /// <summary>How a node's reduction runs: the output shape, an optional transpose, and the [outer, reduced, inner] view.</summary>
    private sealed record Layout(TensorShape Output, int[]? Permutation, int Outer, int Reduced, int Inner);

    private readonly struct RunVisitor(ReduceKind kind, Tensor x, Layout plan, Tensor y) : INumberVisitor<bool>
    {
        public bool Visit<T>()
            where T : unmanaged, System.Numerics.INumber<T>
        {
            Reduction.Run(kind, x.AsArray<T>(), plan.Outer, plan.Reduced, plan.Inner, y.AsArray<T>());
            return true;
        }
    }
}
