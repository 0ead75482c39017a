using System.Numerics;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Abs (opset 6+): |x| for every numeric type; the most negative integer stays itself (two's complement), as in ONNX Runtime.</summary>
public sealed class Abs : ElementwiseNumberOperator
{
    /// <inheritdoc />
    public override string OpType => "Abs";

    /// <inheritdoc />
    protected override void Compute(Node node, Tensor x, Tensor destination)
    {
        if (x.Type == DataType.Float32)
        {
            TensorPrimitives.Abs(x.Float32, destination.Float32);
        }
        else
        {
            NumberMap.Apply<Magnitude>(x, destination);
        }
    }

    private readonly struct Magnitude : INumberFunction
    {
        // T.Abs throws on int.MinValue; negation wraps, and IsNegative clears the sign of −0 and NaN.
        public static T Invoke<T>(T x)
            where T : unmanaged, INumber<T> => T.IsNegative(x) ? -x : x;
    }
}
