using System.Collections;

namespace Memflux.Numerics;

/// <summary>The static shape of a tensor: its dimensions, outermost first (row-major).</summary>
public sealed class TensorShape : IEquatable<TensorShape>, IReadOnlyList<int>
{
    private readonly int[] _dims;

    /// <summary>Creates a shape from its dimensions; each must be zero or positive.</summary>
    public TensorShape(params ReadOnlySpan<int> dims)
    {
        _dims = dims.ToArray();
        long count = 1;
        foreach (int d in _dims)
        {
            if (d < 0)
            {
                throw new MemfluxException($"Tensor shape {Format(_dims)} has a negative dimension.");
            }

            count *= d;
            if (count > int.MaxValue)
            {
                throw new MemfluxException($"Tensor shape {Format(_dims)} has more than {int.MaxValue} elements.");
            }
        }

        ElementCount = (int)count;
    }

    /// <summary>The shape of a scalar (rank 0, one element).</summary>
    public static TensorShape Scalar { get; } = new();

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>Product of the dimensions.</summary>
    public int ElementCount { get; }

    /// <inheritdoc />
    public int Count => _dims.Length;

    /// <summary>The dimension at <paramref name="axis"/> (0 = outermost).</summary>
    public int this[int axis] => _dims[axis];

    /// <summary>The dimensions as a span.</summary>
    public ReadOnlySpan<int> Dimensions => _dims;

    /// <summary>Row-major strides in elements.</summary>
    public int[] Strides()
    {
        var strides = new int[_dims.Length];
        int s = 1;
        for (int i = _dims.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= _dims[i];
        }

        return strides;
    }

    /// <summary>Turns a possibly negative ONNX axis into 0..rank-1, or throws naming <paramref name="what"/>.</summary>
    public int NormalizeAxis(long axis, string what)
    {
        long a = axis < 0 ? axis + Rank : axis;
        if (a < 0 || a >= Rank)
        {
            throw new MemfluxException($"{what}: axis {axis} is out of range for shape {this} (rank {Rank}).");
        }

        return (int)a;
    }

    /// <inheritdoc />
    public bool Equals(TensorShape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = default(HashCode);
        foreach (int d in _dims)
        {
            h.Add(d);
        }

        return h.ToHashCode();
    }

    /// <summary>Formats as <c>[1,3,224,224]</c>.</summary>
    public override string ToString() => Format(_dims);

    /// <inheritdoc />
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dims).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _dims.GetEnumerator();

    private static string Format(int[] dims) => "[" + string.Join(",", dims) + "]";
}
