using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// An elementwise binary operation: a scalar form and span forms for the three operand layouts the broadcast
/// loop meets (span·span, span·scalar, scalar·span). Implementations are readonly structs so the loop is
/// specialized per operation.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IBinaryOperator<T>
{
    /// <summary>op(x, y) for one element.</summary>
    static abstract T Invoke(T x, T y);

    /// <summary>destination[i] = op(x[i], y[i]).</summary>
    static abstract void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    /// <summary>destination[i] = op(x[i], y).</summary>
    static abstract void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination);

    /// <summary>destination[i] = op(x, y[i]).</summary>
    static abstract void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination);
}

/// <summary>x + y.</summary>
internal readonly struct AddOperator<T> : IBinaryOperator<T>
    where T : INumber<T>
{
    /// <inheritdoc />
    public static T Invoke(T x, T y) => x + y;

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Add(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Add(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Add(y, x, destination);
}

/// <summary>x − y.</summary>
internal readonly struct SubtractOperator<T> : IBinaryOperator<T>
    where T : INumber<T>
{
    /// <inheritdoc />
    public static T Invoke(T x, T y) => x - y;

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Subtract(x, y, destination);
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOperator<T> : IBinaryOperator<T>
    where T : INumber<T>
{
    /// <inheritdoc />
    public static T Invoke(T x, T y) => x * y;

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Multiply(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Multiply(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Multiply(y, x, destination);
}

/// <summary>x / y (integer division truncates toward zero, as in ONNX Runtime).</summary>
internal readonly struct DivideOperator<T> : IBinaryOperator<T>
    where T : INumber<T>
{
    /// <inheritdoc />
    public static T Invoke(T x, T y) => x / y;

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TensorPrimitives.Divide(x, y, destination);
}
