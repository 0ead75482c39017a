using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Pow (opset 7+): base^exponent elementwise with multidirectional broadcasting. Opsets 7–11: one floating-point
/// type for both. From opset 12 the base is int32, int64, fp16, fp32 or fp64 and the exponent any numeric type; the
/// output has the base's type.
/// </summary>
/// <remarks>
/// As in ONNX Runtime: an fp32 base with an fp32 exponent uses fp32 pow; every other pair computes pow in fp64 and
/// converts to the base type (integers truncate toward zero, see <see cref="ElementConversion"/>); fp16 operands are
/// widened to fp32 first. A single-element exponent of 2 or 3 is x·x or x·x·x in the base type.
/// </remarks>
public sealed class Pow : Operator
{
    /// <inheritdoc />
    public override string OpType => "Pow";

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var e = RequireInput(node, inputs, 1);
        if (node.Opset < 12)
        {
            if (!x.Type.IsFloatingPoint() || e.Type != x.Type)
            {
                throw node.Error($"before opset 12 base and exponent must share one of Float32, Float64, Float16, found {x.Type} and {e.Type}.");
            }
        }
        else
        {
            if (!x.Type.IsFloatingPoint() && x.Type is not (DataType.Int32 or DataType.Int64))
            {
                throw node.Error($"input 0 (base) must be Int32, Int64, Float32, Float64 or Float16, found {x.Type}.");
            }

            if (e.Type == DataType.Bool)
            {
                throw node.Error("input 1 (exponent) must be a numeric type, found Bool.");
            }
        }

        return [new TensorInfo(x.Type, Broadcasting.BroadcastShape(node, x.Shape, e.Shape))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var e = RequireInput(node, inputs, 1);
        var shape = Broadcasting.BroadcastShape(node, x.Shape, e.Shape);
        var baseWide = x.Type == DataType.Float16 ? ElementConversion.To(x, DataType.Float32) : x;
        var exponent = e.Type == DataType.Float16 ? ElementConversion.To(e, DataType.Float32) : e;
        var result = Tensor.Zeros(baseWide.Type, shape);
        var visitor = new BaseVisitor(baseWide, exponent, result);
        baseWide.Type.VisitNumber<BaseVisitor, bool>(ref visitor);
        return [x.Type == DataType.Float16 ? ElementConversion.To(result, DataType.Float16) : result];
    }

    private readonly struct BaseVisitor(Tensor x, Tensor e, Tensor result) : INumberVisitor<bool>
    {
        public bool Visit<TBase>()
            where TBase : unmanaged, INumber<TBase>
        {
            var inner = new ExponentVisitor<TBase>(x, e, result);
            return e.Type.VisitNumber<ExponentVisitor<TBase>, bool>(ref inner);
        }
    }

    private readonly struct ExponentVisitor<TBase>(Tensor x, Tensor e, Tensor result) : INumberVisitor<bool>
        where TBase : unmanaged, INumber<TBase>
    {
        public bool Visit<TExp>()
            where TExp : unmanaged, INumber<TExp>
        {
            Span<TBase> target = result.AsSpan<TBase>();
            if (e.Length == 1 && x.Length == target.Length)
            {
                ReadOnlySpan<TBase> values = x.AsSpan<TBase>();
                TExp k = e.AsSpan<TExp>()[0];
                if (k == TExp.CreateTruncating(2))
                {
                    for (int i = 0; i < target.Length; i++)
                    {
                        target[i] = values[i] * values[i];
                    }

                    return true;
                }

                if (k == TExp.CreateTruncating(3))
                {
                    for (int i = 0; i < target.Length; i++)
                    {
                        target[i] = values[i] * values[i] * values[i];
                    }

                    return true;
                }
            }

            var bases = x.Shape.Equals(result.Shape) ? x : Broadcasting.BroadcastTo(x, result.Shape);
            var exponents = e.Shape.Equals(result.Shape) ? e : Broadcasting.BroadcastTo(e, result.Shape);
            Run(bases.AsSpan<TBase>(), exponents.AsSpan<TExp>(), target);
            return true;
        }

        private static void Run<TExp>(ReadOnlySpan<TBase> bases, ReadOnlySpan<TExp> exponents, Span<TBase> target)
            where TExp : unmanaged, INumber<TExp>
        {
            if (typeof(TBase) == typeof(float) && typeof(TExp) == typeof(float))
            {
                var b = System.Runtime.InteropServices.MemoryMarshal.Cast<TBase, float>(bases);
                var p = System.Runtime.InteropServices.MemoryMarshal.Cast<TExp, float>(exponents);
                var y = System.Runtime.InteropServices.MemoryMarshal.Cast<TBase, float>(target);
                for (int i = 0; i < y.Length; i++)
                {
                    y[i] = MathF.Pow(b[i], p[i]);
                }

                return;
            }

            for (int i = 0; i < target.Length; i++)
            {
                double d = Math.Pow(double.CreateTruncating(bases[i]), double.CreateTruncating(exponents[i]));
                target[i] = ElementConversion.Convert<double, TBase>(d);
            }
        }
    }
}
