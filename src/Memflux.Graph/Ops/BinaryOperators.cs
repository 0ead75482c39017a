using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// An elementwise kernel over broadcast operands, in the three layouts the broadcast loop meets (span·span,
/// span·scalar, scalar·span). Implementations are structs so the loop is specialized per operation and type.
/// </summary>
/// <typeparam name="TA">The first operand's element type.</typeparam>
/// <typeparam name="TB">The second operand's element type.</typeparam>
/// <typeparam name="TY">The result's element type.</typeparam>
internal interface IElementwise<TA, TB, TY>
{
    /// <summary>destination[i] = op(x[i], y[i]).</summary>
    static abstract void Invoke(ReadOnlySpan<TA> x, ReadOnlySpan<TB> y, Span<TY> destination);

    /// <summary>destination[i] = op(x[i], y).</summary>
    static abstract void Invoke(ReadOnlySpan<TA> x, TB y, Span<TY> destination);

    /// <summary>destination[i] = op(x, y[i]).</summary>
    static abstract void Invoke(TA x, ReadOnlySpan<TB> y, Span<TY> destination);
}

/// <summary>An elementwise binary operation whose operands and result share one element type.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IBinaryOperator<T> : IElementwise<T, T, T>
{
    /// <summary>op(x, y) for one element.</summary>
    static abstract T Invoke(T x, T y);
}

/// <summary>
/// An arithmetic operation defined for every numeric element type (the generic method is specialized per type by
/// <see cref="Numeric{T, TOp}"/>). The span forms default to the scalar form; operations that TensorPrimitives
/// vectorizes override them.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal interface INumericOperator<TSelf>
    where TSelf : INumericOperator<TSelf>
{
    /// <summary>op(x, y) for one element.</summary>
    static abstract T Invoke<T>(T x, T y)
        where T : unmanaged, INumber<T>;

    /// <summary>destination[i] = op(x[i], y[i]).</summary>
    static virtual void Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TSelf.Invoke(x[i], y[i]);
        }
    }

    /// <summary>destination[i] = op(x[i], y).</summary>
    static virtual void Invoke<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TSelf.Invoke(x[i], y);
        }
    }

    /// <summary>destination[i] = op(x, y[i]).</summary>
    static virtual void Invoke<T>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TSelf.Invoke(x, y[i]);
        }
    }
}

/// <summary>A comparison of two numbers of one type, giving a bool (Equal, Less, ...).</summary>
internal interface IComparisonOperator
{
    /// <summary>op(x, y) for one element.</summary>
    static abstract bool Invoke<T>(T x, T y)
        where T : unmanaged, INumber<T>;
}

/// <summary>A logical operation on two bools (And, Or, Xor).</summary>
internal interface ILogicalOperator
{
    /// <summary>op(x, y) for one element.</summary>
    static abstract bool Invoke(bool x, bool y);
}

/// <summary>An <see cref="INumericOperator{TSelf}"/> at element type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TOp">The operation.</typeparam>
internal readonly struct Numeric<T, TOp> : IBinaryOperator<T>
    where T : unmanaged, INumber<T>
    where TOp : INumericOperator<TOp>
{
    /// <inheritdoc />
    public static T Invoke(T x, T y) => TOp.Invoke(x, y);

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) => TOp.Invoke(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<T> destination) => TOp.Invoke(x, y, destination);

    /// <inheritdoc />
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<T> destination) => TOp.Invoke(x, y, destination);
}

/// <summary>An <see cref="IComparisonOperator"/> at element type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The operands' element type.</typeparam>
/// <typeparam name="TOp">The comparison.</typeparam>
internal readonly struct Comparison<T, TOp> : IElementwise<T, T, bool>
    where T : unmanaged, INumber<T>
    where TOp : IComparisonOperator
{
    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TOp.Invoke(x[i], y[i]);
        }
    }

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<T> x, T y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TOp.Invoke(x[i], y);
        }
    }

    /// <inheritdoc />
    public static void Invoke(T x, ReadOnlySpan<T> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TOp.Invoke(x, y[i]);
        }
    }
}

/// <summary>An <see cref="ILogicalOperator"/> over bool spans.</summary>
/// <typeparam name="TOp">The operation.</typeparam>
internal readonly struct Logical<TOp> : IBinaryOperator<bool>
    where TOp : ILogicalOperator
{
    /// <inheritdoc />
    public static bool Invoke(bool x, bool y) => TOp.Invoke(x, y);

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<bool> x, ReadOnlySpan<bool> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TOp.Invoke(x[i], y[i]);
        }
    }

    /// <inheritdoc />
    public static void Invoke(ReadOnlySpan<bool> x, bool y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TOp.Invoke(x[i], y);
        }
    }

    /// <inheritdoc />
    public static void Invoke(bool x, ReadOnlySpan<bool> y, Span<bool> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = TOp.Invoke(x, y[i]);
        }
    }
}

/// <summary>x + y.</summary>
internal readonly struct AddOperator : INumericOperator<AddOperator>
{
    /// <inheritdoc />
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, INumber<T> => x + y;

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Add(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Add(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Add(y, x, destination);
}

/// <summary>x − y.</summary>
internal readonly struct SubtractOperator : INumericOperator<SubtractOperator>
{
    /// <inheritdoc />
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, INumber<T> => x - y;

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Subtract(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Subtract(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Subtract(x, y, destination);
}

/// <summary>x · y.</summary>
internal readonly struct MultiplyOperator : INumericOperator<MultiplyOperator>
{
    /// <inheritdoc />
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, INumber<T> => x * y;

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Multiply(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Multiply(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Multiply(y, x, destination);
}

/// <summary>x / y (integer division truncates toward zero, as in ONNX Runtime).</summary>
internal readonly struct DivideOperator : INumericOperator<DivideOperator>
{
    /// <inheritdoc />
    public static T Invoke<T>(T x, T y)
        where T : unmanaged, INumber<T> => x / y;

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Divide(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(ReadOnlySpan<T> x, T y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Divide(x, y, destination);

    /// <inheritdoc />
    public static void Invoke<T>(T x, ReadOnlySpan<T> y, Span<T> destination)
        where T : unmanaged, INumber<T> => TensorPrimitives.Divide(x, y, destination);
}
