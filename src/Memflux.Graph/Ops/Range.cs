using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Range (opset 11): start, start + delta, ... while below <c>limit</c> (above it for a negative delta), for
/// scalar inputs of one type (fp32, fp64, int16, int32, int64). The length, max(⌈(limit − start) / delta⌉, 0),
/// sets the output shape, so the inputs must be constant at import.
/// </summary>
public sealed class Range : Operator
{
    /// <inheritdoc />
    public override string OpType => "Range";

    /// <inheritdoc />
    public override int MinInputs => 3;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var type = CheckTypes(node, [RequireInput(node, inputs, 0), RequireInput(node, inputs, 1), RequireInput(node, inputs, 2)]);
        var constants = new Tensor[3];
        for (int i = 0; i < 3; i++)
        {
            constants[i] = inputs[i]!.Constant ?? throw node.Error($"input {i} ({Names[i]}) is computed at run time; the output length depends on its value, and data-dependent shapes are not supported (make start, limit and delta initializers or Constants).");
        }

        var y = Compute(node, constants);
        return [new TensorInfo(type, y.Shape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = new[] { RequireInput(node, inputs, 0), RequireInput(node, inputs, 1), RequireInput(node, inputs, 2) };
        CheckTypes(node, [.. x.Select(TensorInfo.Of)]);
        return [Compute(node, x)];
    }

    private static readonly string[] Names = ["start", "limit", "delta"];

    private static DataType CheckTypes(Node node, TensorInfo[] inputs)
    {
        var type = inputs[0].Type;
        for (int i = 0; i < 3; i++)
        {
            if (inputs[i].Shape.ElementCount != 1 || inputs[i].Shape.Rank > 1)
            {
                throw node.Error($"input {i} ({Names[i]}) must be a scalar, found shape {inputs[i].Shape}.");
            }

            if (inputs[i].Type != type)
            {
                throw node.Error($"inputs must have one type; input 0 (start) is {type}, input {i} ({Names[i]}) is {inputs[i].Type}.");
            }
        }

        if (type is not (DataType.Float32 or DataType.Float64 or DataType.Int16 or DataType.Int32 or DataType.Int64))
        {
            throw node.Error($"inputs must be Float32, Float64, Int16, Int32 or Int64, found {type}.");
        }

        return type;
    }

    private static Tensor Compute(Node node, Tensor[] x)
    {
        var visitor = new Visitor(node, x);
        return x[0].Type.VisitNumber<Visitor, Tensor>(ref visitor);
    }

    private readonly struct Visitor(Node node, Tensor[] x) : INumberVisitor<Tensor>
    {
        public Tensor Visit<T>()
            where T : unmanaged, INumber<T>
        {
            T start = x[0].AsSpan<T>()[0], limit = x[1].AsSpan<T>()[0], delta = x[2].AsSpan<T>()[0];
            if (T.IsZero(delta))
            {
                throw node.Error("input 2 (delta) is 0; it must be nonzero.");
            }

            double count = Count(start, limit, delta);
            if (double.IsNaN(count) || count > int.MaxValue)
            {
                throw node.Error($"start {start}, limit {limit} and delta {delta} give {count} elements.");
            }

            int n = (int)Math.Max(count, 0);

            // Computed while shapes are inferred, before shape inference checks the output against the budget.
            MemoryBudget.Check(new TensorShape(n), x[0].Type, $"{node.Describe()}: the output");
            var y = new T[n];
            T value = start;
            for (int i = 0; i < n; i++)
            {
                y[i] = value;
                value += delta;
            }

            return Tensor.From(y, new TensorShape(n));
        }

        /// <summary>
        /// ⌈(limit − start) / delta⌉, the difference taken exactly: in T it wrapped for integers (start −30000 and limit
        /// 30000 in int16, or long.MinValue and long.MaxValue) and gave an empty range (issue 18 §4).
        /// </summary>
        private static double Count<T>(T start, T limit, T delta)
            where T : unmanaged, INumber<T>
        {
            if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
            {
                return Math.Ceiling((double.CreateChecked(limit) - double.CreateChecked(start)) / double.CreateChecked(delta));
            }

            Int128 span = Int128.CreateChecked(limit) - Int128.CreateChecked(start), step = Int128.CreateChecked(delta);
            Int128 quotient = span / step;
            if (span % step != 0 && (span > 0) == (step > 0))
            {
                quotient++;
            }

            return (double)quotient;
        }
    }
}
