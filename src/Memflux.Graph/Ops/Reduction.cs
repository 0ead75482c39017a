using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>What a ReduceX operator computes over each group of reduced elements.</summary>
internal enum ReduceKind
{
    /// <summary>Σ x.</summary>
    Sum,

    /// <summary>Σ x / n.</summary>
    Mean,

    /// <summary>max x (NaN propagates).</summary>
    Max,

    /// <summary>min x (NaN propagates).</summary>
    Min,

    /// <summary>Π x.</summary>
    Prod,

    /// <summary>Σ |x|.</summary>
    L1,

    /// <summary>√(Σ x²).</summary>
    L2,

    /// <summary>log Σ x.</summary>
    LogSum,

    /// <summary>log Σ exp x, computed as m + log Σ exp(x − m) with m = max x.</summary>
    LogSumExp,

    /// <summary>Σ x².</summary>
    SumSquare,
}

/// <summary>
/// The reduction kernel behind the ReduceX operators, over a row-major tensor viewed as [outer, reduced, inner].
/// A contiguous run (inner = 1) is reduced with one TensorPrimitives call; strided reductions (inner &gt; 1) accumulate
/// whole rows of length inner, one reduced index after another. Every output is summed in the same order whatever the
/// thread count (threads split the outer and inner ranges only), so results are reproducible.
/// </summary>
internal static class Reduction
{

    /// <summary>Below this many input elements one thread does the work.</summary>
    private const long ParallelThreshold = 1 << 16;

    /// <summary>Inner columns per work item of a strided reduction (a multiple of every vector width).</summary>
    private const int InnerChunk = 1024;

    /// <summary>
    /// y[o, i] = reduce over r of x[o, r, i], for o &lt; <paramref name="outer"/>, r &lt; <paramref name="reduced"/>,
    /// i &lt; <paramref name="inner"/>. An empty reduction gives the operation's identity (0, 1, ∓∞ or the type's
    /// extreme, log 0 = −∞; a mean over nothing is 0/0).
    /// </summary>
    public static void Run<T>(ReduceKind kind, T[] x, int outer, int reduced, int inner, T[] y)
        where T : unmanaged, INumber<T>
    {
        if (outer == 0 || inner == 0)
        {
            return;
        }

        if (reduced == 0)
        {
            y.AsSpan(0, outer * inner).Fill(Empty<T>(kind));
            return;
        }

        long work = (long)outer * reduced * inner;
        if (inner == 1)
        {
            if (work >= ParallelThreshold && outer > 1)
            {
                int perItem = (int)Math.Max(1, ParallelThreshold / reduced);
                int items = (outer + perItem - 1) / perItem;
                Parallel.For(0, items, item =>
                {
                    int end = Math.Min(outer, (item + 1) * perItem);
                    for (int o = item * perItem; o < end; o++)
                    {
                        y[o] = ReduceRun(kind, x.AsSpan(o * reduced, reduced));
                    }
                });
            }
            else
            {
                for (int o = 0; o < outer; o++)
                {
                    y[o] = ReduceRun(kind, x.AsSpan(o * reduced, reduced));
                }
            }

            return;
        }

        int chunks = (inner + InnerChunk - 1) / InnerChunk;
        if (work >= ParallelThreshold && outer * chunks > 1)
        {
            Parallel.For(0, outer * chunks, item => ReduceRows(kind, x, item / chunks, reduced, inner, (item % chunks) * InnerChunk, y));
        }
        else
        {
            for (int item = 0; item < outer * chunks; item++)
            {
                ReduceRows(kind, x, item / chunks, reduced, inner, (item % chunks) * InnerChunk, y);
            }
        }
    }

    /// <summary>The result of reducing an empty set.</summary>
    private static T Empty<T>(ReduceKind kind)
        where T : unmanaged, INumber<T> => kind switch
        {
            ReduceKind.Prod => T.One,
            ReduceKind.Max => Lowest<T>(),
            ReduceKind.Min => Highest<T>(),
            ReduceKind.LogSum or ReduceKind.LogSumExp => FromDouble<T>(double.NegativeInfinity),
            ReduceKind.Mean => IsFloat<T>() ? FromDouble<T>(double.NaN) : T.Zero,
            _ => T.Zero,
        };

    private static bool IsFloat<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half);

    private static T Lowest<T>()
        where T : unmanaged, INumber<T> =>
        IsFloat<T>() ? FromDouble<T>(double.NegativeInfinity) : MinMax<T>(max: false);

    private static T Highest<T>()
        where T : unmanaged, INumber<T> =>
        IsFloat<T>() ? FromDouble<T>(double.PositiveInfinity) : MinMax<T>(max: true);

    private static T MinMax<T>(bool max)
        where T : unmanaged, INumber<T>
    {
        object value = typeof(T) switch
        {
            var t when t == typeof(int) => max ? int.MaxValue : int.MinValue,
            var t when t == typeof(long) => max ? long.MaxValue : long.MinValue,
            var t when t == typeof(short) => max ? short.MaxValue : short.MinValue,
            var t when t == typeof(sbyte) => max ? sbyte.MaxValue : sbyte.MinValue,
            var t when t == typeof(byte) => max ? byte.MaxValue : byte.MinValue,
            var t when t == typeof(ushort) => max ? ushort.MaxValue : ushort.MinValue,
            var t when t == typeof(uint) => max ? uint.MaxValue : uint.MinValue,
            _ => max ? ulong.MaxValue : ulong.MinValue,
        };
        return (T)value;
    }

    private static T FromDouble<T>(double value)
        where T : unmanaged, INumber<T> => T.CreateSaturating(value);

    private static double ToDouble<T>(T value)
        where T : unmanaged, INumber<T> => double.CreateTruncating(value);

    /// <summary>Reduces one contiguous run.</summary>
    private static T ReduceRun<T>(ReduceKind kind, ReadOnlySpan<T> run)
        where T : unmanaged, INumber<T>
    {
        switch (kind)
        {
            case ReduceKind.Sum: return TensorPrimitives.Sum(run);
            case ReduceKind.Mean: return TensorPrimitives.Sum(run) / T.CreateTruncating(run.Length);
            case ReduceKind.Max: return TensorPrimitives.Max(run);
            case ReduceKind.Min: return TensorPrimitives.Min(run);
            case ReduceKind.Prod: return TensorPrimitives.Product(run);
            case ReduceKind.L1: return TensorPrimitives.SumOfMagnitudes(run);
            case ReduceKind.SumSquare: return TensorPrimitives.SumOfSquares(run);
            case ReduceKind.L2: return Sqrt(TensorPrimitives.SumOfSquares(run));
            case ReduceKind.LogSum: return Log(TensorPrimitives.Sum(run));
            default:
                T max = TensorPrimitives.Max(run);
                T[] scratch = ArrayPool<T>.Shared.Rent(run.Length);
                try
                {
                    var terms = scratch.AsSpan(0, run.Length);
                    ExpShifted(run, max, terms);
                    return LogSumExpFinish(max, TensorPrimitives.Sum<T>(terms));
                }
                finally
                {
                    ArrayPool<T>.Shared.Return(scratch);
                }
        }
    }

    /// <summary>
    /// Reduces the columns [<paramref name="begin"/>, begin + <see cref="InnerChunk"/>) of block <paramref name="o"/>
    /// by accumulating its rows in order of the reduced index.
    /// </summary>
    private static void ReduceRows<T>(ReduceKind kind, T[] x, int o, int reduced, int inner, int begin, T[] y)
        where T : unmanaged, INumber<T>
    {
        int width = Math.Min(InnerChunk, inner - begin);
        var rows = new Rows<T>(x, (o * reduced * inner) + begin, inner, width);
        var acc = y.AsSpan((o * inner) + begin, width);
        T[] rented = ArrayPool<T>.Shared.Rent(2 * width);
        try
        {
            ReduceRowsCore(kind, rows, reduced, acc, rented.AsSpan(0, width), rented.AsSpan(width, width));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(rented);
        }
    }

    /// <summary>The body of <see cref="ReduceRows"/>: <paramref name="acc"/> receives the result; two scratch rows.</summary>
    private static void ReduceRowsCore<T>(ReduceKind kind, Rows<T> rows, int reduced, Span<T> acc, Span<T> scratch, Span<T> max)
        where T : unmanaged, INumber<T>
    {
        int width = acc.Length;
        switch (kind)
        {
            case ReduceKind.Max or ReduceKind.Min:
                rows.At(0).CopyTo(acc);
                for (int r = 1; r < reduced; r++)
                {
                    if (kind == ReduceKind.Max)
                    {
                        TensorPrimitives.Max(acc, rows.At(r), acc);
                    }
                    else
                    {
                        TensorPrimitives.Min(acc, rows.At(r), acc);
                    }
                }

                return;
            case ReduceKind.Prod:
                rows.At(0).CopyTo(acc);
                for (int r = 1; r < reduced; r++)
                {
                    TensorPrimitives.Multiply(acc, rows.At(r), acc);
                }

                return;
            case ReduceKind.L1:
                TensorPrimitives.Abs(rows.At(0), acc);
                var magnitudes = scratch;
                for (int r = 1; r < reduced; r++)
                {
                    TensorPrimitives.Abs(rows.At(r), magnitudes);
                    TensorPrimitives.Add(acc, magnitudes, acc);
                }

                return;
            case ReduceKind.L2 or ReduceKind.SumSquare:
                TensorPrimitives.Multiply(rows.At(0), rows.At(0), acc);
                var squares = scratch;
                for (int r = 1; r < reduced; r++)
                {
                    TensorPrimitives.Multiply(rows.At(r), rows.At(r), squares);
                    TensorPrimitives.Add(acc, squares, acc);
                }

                if (kind == ReduceKind.L2)
                {
                    for (int i = 0; i < width; i++)
                    {
                        acc[i] = Sqrt(acc[i]);
                    }
                }

                return;
            case ReduceKind.LogSumExp:
                var terms = scratch;
                rows.At(0).CopyTo(max);
                for (int r = 1; r < reduced; r++)
                {
                    TensorPrimitives.Max(max, rows.At(r), max);
                }

                acc.Clear();
                for (int r = 0; r < reduced; r++)
                {
                    ExpShifted(rows.At(r), max, terms);
                    TensorPrimitives.Add(acc, terms, acc);
                }

                for (int i = 0; i < width; i++)
                {
                    acc[i] = LogSumExpFinish(max[i], acc[i]);
                }

                return;
            default: // Sum, Mean, LogSum
                rows.At(0).CopyTo(acc);
                for (int r = 1; r < reduced; r++)
                {
                    TensorPrimitives.Add(acc, rows.At(r), acc);
                }

                if (kind == ReduceKind.Mean)
                {
                    TensorPrimitives.Divide(acc, T.CreateTruncating(reduced), acc);
                }
                else if (kind == ReduceKind.LogSum)
                {
                    for (int i = 0; i < width; i++)
                    {
                        acc[i] = Log(acc[i]);
                    }
                }

                return;
        }
    }

    /// <summary>m + log s, with m returned as is when it is ±∞ (so an all −∞ run gives −∞, not NaN).</summary>
    private static T LogSumExpFinish<T>(T max, T sum)
        where T : unmanaged, INumber<T>
    {
        double m = ToDouble(max);
        if (double.IsInfinity(m))
        {
            return max;
        }

        if (typeof(T) == typeof(float))
        {
            float r = (float)m + MathF.Log(float.CreateTruncating(sum));
            return T.CreateTruncating(r);
        }

        return FromDouble<T>(m + Math.Log(ToDouble(sum)));
    }

    /// <summary>destination[i] = exp(x[i] − shift) (a scalar shift).</summary>
    private static void ExpShifted<T>(ReadOnlySpan<T> x, T shift, Span<T> destination)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            var d = MemoryMarshal.Cast<T, float>(destination);
            TensorPrimitives.Subtract(MemoryMarshal.Cast<T, float>(x), float.CreateTruncating(shift), d);
            TensorPrimitives.Exp(d, d);
        }
        else if (typeof(T) == typeof(double))
        {
            var d = MemoryMarshal.Cast<T, double>(destination);
            TensorPrimitives.Subtract(MemoryMarshal.Cast<T, double>(x), double.CreateTruncating(shift), d);
            TensorPrimitives.Exp(d, d);
        }
        else
        {
            double s = ToDouble(shift);
            for (int i = 0; i < x.Length; i++)
            {
                destination[i] = FromDouble<T>(Math.Exp(ToDouble(x[i]) - s));
            }
        }
    }

    /// <summary>destination[i] = exp(x[i] − shift[i]).</summary>
    private static void ExpShifted<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> shift, Span<T> destination)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            var d = MemoryMarshal.Cast<T, float>(destination);
            TensorPrimitives.Subtract(MemoryMarshal.Cast<T, float>(x), MemoryMarshal.Cast<T, float>(shift), d);
            TensorPrimitives.Exp(d, d);
        }
        else if (typeof(T) == typeof(double))
        {
            var d = MemoryMarshal.Cast<T, double>(destination);
            TensorPrimitives.Subtract(MemoryMarshal.Cast<T, double>(x), MemoryMarshal.Cast<T, double>(shift), d);
            TensorPrimitives.Exp(d, d);
        }
        else
        {
            for (int i = 0; i < x.Length; i++)
            {
                destination[i] = FromDouble<T>(Math.Exp(ToDouble(x[i]) - ToDouble(shift[i])));
            }
        }
    }

    private static T Sqrt<T>(T value)
        where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(MathF.Sqrt(float.CreateTruncating(value))) : FromDouble<T>(Math.Sqrt(ToDouble(value)));

    private static T Log<T>(T value)
        where T : unmanaged, INumber<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(MathF.Log(float.CreateTruncating(value))) : FromDouble<T>(Math.Log(ToDouble(value)));

    /// <summary>The rows of one block being reduced: row r starts at first + r·stride and holds width elements.</summary>
    private readonly struct Rows<T>(T[] x, int first, int stride, int width)
    {
        public ReadOnlySpan<T> At(int r) => x.AsSpan(first + (r * stride), width);
    }
}
