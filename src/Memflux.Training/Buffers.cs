using Memflux.Numerics;

namespace Memflux.Training;

/// <summary>Per-layer scratch that is reallocated only when its shape changes, so steady-state steps allocate nothing.</summary>
internal static class Buffers
{
    public static Tensor Ensure(ref Tensor? buffer, TensorShape shape)
    {
        if (buffer is null || !ReferenceEquals(buffer.Shape, shape) && !buffer.Shape.Equals(shape))
        {
            buffer = Tensor.Zeros(DataType.Float32, shape);
        }

        return buffer;
    }

    public static float[] Ensure(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length != length)
        {
            buffer = new float[length];
        }

        return buffer;
    }
}
