using System.Numerics;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Neg (opset 6+): −x for the signed integer and floating-point types; −int.MinValue wraps to itself.</summary>
public sealed class Neg : ElementwiseNumberOperator
{
    /// <inheritdoc />
    public override string OpType => "Neg";

    /// <inheritdoc />
    protected override bool SignedOnly => true;

    /// <inheritdoc />
    protected override void Compute(Node node, Tensor x, Tensor destination)
    {
        if (x.Type == DataType.Float32)
        {
            TensorPrimitives.Negate(x.Float32, destination.Float32);
        }
        else
        {
            NumberMap.Apply<Negation>(x, destination);
        }
    }

    private readonly struct Negation : INumberFunction
    {
        public static T Invoke<T>(T x)
            where T : unmanaged, INumber<T> => -x;
    }
}
