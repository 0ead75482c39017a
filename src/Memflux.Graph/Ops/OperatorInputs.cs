using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>The element span of a tensor of a known type (lets one generic kernel serve fp32 and int64).</summary>
internal delegate Span<T> ElementsOf<T>(Tensor tensor);

/// <summary>Checks and readers shared by operators: constant int64 inputs, axes, element types.</summary>
internal static class OperatorInputs
{
    /// <summary>
    /// The int64 values of input <paramref name="index"/>, which must be present, rank 0 or 1, and constant
    /// (known at import) because it determines an output shape.
    /// </summary>
    public static long[] RequireConstantInts(Node node, IReadOnlyList<TensorInfo?> inputs, int index, string what) =>
        ConstantIntsOrNull(node, inputs, index, what) ?? throw node.Error($"input {index} ({what}) is required but missing.");

    /// <summary>As <see cref="RequireConstantInts"/>, or null when the optional input is absent.</summary>
    public static long[]? ConstantIntsOrNull(Node node, IReadOnlyList<TensorInfo?> inputs, int index, string what)
    {
        var info = index < inputs.Count ? inputs[index] : null;
        if (info is null)
        {
            return null;
        }

        if (info.Type is not (DataType.Int64 or DataType.Int32))
        {
            throw node.Error($"input {index} ({what}) must be int64 or int32, found {info.Type}.");
        }

        if (info.Shape.Rank > 1)
        {
            throw node.Error($"input {index} ({what}) must be a 1-D tensor, found shape {info.Shape}.");
        }

        if (info.Constant is null)
        {
            throw node.Error($"input {index} ({what}) is computed at run time; it determines the output shape, and dynamic shapes that cannot be resolved at import are not supported (make it an initializer or a Constant, or a chain of Shape/Gather/Concat over static shapes).");
        }

        return ToInt64s(info.Constant);
    }

    /// <summary>The elements of an integer tensor widened to int64.</summary>
    public static long[] ToInt64s(Tensor tensor)
    {
        var values = new long[tensor.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = tensor.GetAsInt64(i);
        }

        return values;
    }

    /// <summary>An index tensor (int32 or int64, as ONNX allows for indices) as int64 values, or an error naming the input.</summary>
    public static ReadOnlySpan<long> Indices(Node node, Tensor indices, int index) => indices.Type switch
    {
        DataType.Int64 => indices.Int64,
        DataType.Int32 => ToInt64s(indices),
        _ => throw node.Error($"input {index} (indices) must be int64 or int32, found {indices.Type}."),
    };

    /// <summary>Checks that an index input's type is int32 or int64.</summary>
    public static void RequireIndexType(Node node, TensorInfo info, int index)
    {
        if (info.Type is not (DataType.Int64 or DataType.Int32))
        {
            throw node.Error($"input {index} (indices) must be int64 or int32, found {info.Type}.");
        }
    }

    /// <summary>Input <paramref name="index"/>, which must be present and fp32.</summary>
    public static TensorInfo RequireFloat(Node node, IReadOnlyList<TensorInfo?> inputs, int index)
    {
        var info = (index < inputs.Count ? inputs[index] : null) ?? throw node.Error($"input {index} is required but missing.");
        if (info.Type != DataType.Float32)
        {
            throw node.Error($"input {index} must be Float32, found {info.Type}.");
        }

        return info;
    }

    /// <summary>Turns a possibly negative axis into 0..<paramref name="rank"/>−1, or an error naming the node.</summary>
    public static int NormalizeAxis(Node node, long axis, int rank, string what)
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw node.Error($"{what} {axis} is out of range for rank {rank} (expected {-rank} to {rank - 1}).");
        }

        return (int)a;
    }

    /// <summary>Normalizes a list of axes; duplicates are an error.</summary>
    public static int[] NormalizeAxes(Node node, IReadOnlyList<long> axes, int rank, string what)
    {
        var result = new int[axes.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = NormalizeAxis(node, axes[i], rank, what);
            if (result.AsSpan(0, i).Contains(result[i]))
            {
                throw node.Error($"{what} {axes[i]} appears twice in [{string.Join(",", axes)}].");
            }
        }

        return result;
    }

    /// <summary>The infos of known tensors (Execute reuses InferOutputs for shapes this way).</summary>
    public static TensorInfo?[] Describe(IReadOnlyList<Tensor?> tensors) => [.. tensors.Select(t => t is null ? null : TensorInfo.Of(t))];

    /// <summary>Product of dims[start..end).</summary>
    public static int Product(ReadOnlySpan<int> dims, int start, int end)
    {
        long p = 1;
        for (int i = start; i < end; i++)
        {
            p = checked(p * dims[i]); // an empty tensor's other dimensions can multiply past 2^63
        }

        return checked((int)p);
    }
}
