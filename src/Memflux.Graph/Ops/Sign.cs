using System.Numerics;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Sign (opset 9+): 1, 0 or −1 by the sign of x, for every numeric type; Sign(±0) = 0, and Sign(NaN) is NaN for
/// fp32 and fp64 but 0 for fp16, as ONNX Runtime gives them.
/// </summary>
public sealed class Sign : ElementwiseNumberOperator
{
    /// <inheritdoc />
    public override string OpType => "Sign";

    /// <inheritdoc />
    protected override void Compute(Node node, Tensor x, Tensor destination) => NumberMap.Apply<Signum>(x, destination);

    private readonly struct Signum : INumberFunction
    {
        // T.Sign throws on NaN.
        public static T Invoke<T>(T x)
            where T : unmanaged, INumber<T> => x > T.Zero ? T.One : x < T.Zero ? -T.One : T.IsNaN(x) && typeof(T) != typeof(Half) ? x : T.Zero;
    }
}
