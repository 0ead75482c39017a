using System.Numerics;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>ONNX Relu: y = max(x, 0); fp16, fp32, fp64, and from opset 14 int8, int16, int32, int64.</summary>
/// <remarks>fp64 and the integers compute x &lt; 0 ? 0 : x, which keeps NaN and −0 as ONNX Runtime does.</remarks>
public sealed class Relu : ElementwiseFloatOperator
{
    private static readonly DataType[] Opset14Types =
        [DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int8, DataType.Int16, DataType.Int32, DataType.Int64];

    /// <inheritdoc />
    public override string OpType => "Relu";

    /// <inheritdoc />
    protected override IReadOnlyList<DataType> InputTypes(Node node) => node.Opset >= 14 ? Opset14Types : FloatTypes;

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Max(x, 0f, destination);

    /// <inheritdoc />
    protected override void Apply(Node node, ReadOnlySpan<double> x, Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = x[i] < 0 ? 0 : x[i];
        }
    }

    /// <inheritdoc />
    protected override void ApplyOther(Node node, Tensor x, Tensor destination) => NumberMap.Apply<Rectifier>(x, destination);

    private readonly struct Rectifier : INumberFunction
    {
        public static T Invoke<T>(T x)
            where T : unmanaged, INumber<T> => x < T.Zero ? T.Zero : x;
    }
}
