using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Mod (opset 10+): the remainder of a / b with multidirectional broadcasting, any numeric type. With
/// <c>fmod</c> = 0 (the default; integers only) the remainder takes the divisor's sign, as Python's %; with
/// <c>fmod</c> = 1 it takes the dividend's, as C's fmod (required for floating point; integers computed in fp64, as
/// ONNX Runtime does). An integer divisor of 0 is an error, as in ONNX Runtime.
/// </summary>
public sealed class Mod : Operator
{
    /// <inheritdoc />
    public override string OpType => "Mod";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["fmod"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var info = Broadcasting.InferBinary(node, inputs);
        long fmod = node.Attributes.GetInt("fmod", 0);
        if (fmod is not (0 or 1))
        {
            throw node.Error($"attribute 'fmod' must be 0 or 1, found {fmod}.");
        }

        if (info.Type == DataType.Bool)
        {
            throw node.Error("inputs must be a numeric type, found Bool.");
        }

        if (info.Type.IsFloatingPoint() && fmod == 0)
        {
            throw node.Error($"attribute 'fmod' must be 1 for floating-point inputs ({info.Type}), found 0.");
        }

        return [info];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 1);
        try
        {
            return [node.Attributes.GetInt("fmod", 0) == 1
                ? Broadcasting.Apply<TruncatedRemainder>(node, a, b)
                : Broadcasting.Apply<FlooredRemainder>(node, a, b)];
        }
        catch (DivideByZeroException e)
        {
            throw new MemfluxException($"{node.Describe()}: integer modulo by zero (the divisor input holds a 0).", e);
        }
    }

    /// <summary>
    /// C's fmod: the sign of the dividend. Integers go through fp64 as ONNX Runtime's std::fmod does (so int64 and
    /// uint64 beyond 2⁵³ are rounded first), with a zero divisor an error rather than NaN.
    /// </summary>
    private readonly struct TruncatedRemainder : INumericOperator<TruncatedRemainder>
    {
        public static T Invoke<T>(T x, T y)
            where T : unmanaged, INumber<T>
        {
            if (IsFloat<T>())
            {
                return x % y;
            }

            if (y == T.Zero)
            {
                throw new DivideByZeroException();
            }

            return ElementConversion.Convert<double, T>(double.CreateTruncating(x) % double.CreateTruncating(y));
        }
    }

    /// <summary>Python's %: the sign of the divisor.</summary>
    private readonly struct FlooredRemainder : INumericOperator<FlooredRemainder>
    {
        public static T Invoke<T>(T x, T y)
            where T : unmanaged, INumber<T>
        {
            if (IsMinusOne(y))
            {
                return T.Zero;
            }

            T r = x % y;
            return r != T.Zero && T.IsNegative(r) != T.IsNegative(y) ? r + y : r;
        }
    }

    // int.MinValue % −1 overflows the hardware division; every integer remainder by −1 is 0.
    private static bool IsMinusOne<T>(T y)
        where T : unmanaged, INumber<T> => !IsFloat<T>() && T.IsNegative(y) && y == -T.One;

    private static bool IsFloat<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);
}
