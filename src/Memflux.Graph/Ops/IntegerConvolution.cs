using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>Window checks and the integer convolution shared by ConvInteger and QLinearConv.</summary>
internal static class IntegerConvolution
{
    /// <summary>The window of x [N, C, ...] and w [M, C/group, k...], with checks naming the node.</summary>
    public static (SpatialWindow Window, int Group) Window(Node node, TensorInfo x, TensorInfo w)
    {
        if (x.Type is not (DataType.UInt8 or DataType.Int8) || w.Type is not (DataType.UInt8 or DataType.Int8))
        {
            throw node.Error($"inputs x and w must be uint8 or int8, found {x.Type} and {w.Type}.");
        }

        long group = node.Attributes.GetInt("group", 1);
        if (x.Shape.Rank < 3 || w.Shape.Rank != x.Shape.Rank || group is < 1 or > int.MaxValue || x.Shape[1] != w.Shape[1] * group || w.Shape[0] % group != 0)
        {
            throw node.Error($"x {x.Shape} and w {w.Shape} must be [N, C, ...] and [M, C/group, ...] with group {group} dividing M.");
        }

        return (SpatialWindow.Resolve(node, x.Shape, w.Shape.Dimensions[2..], ceilMode: false), (int)group);
    }

    /// <summary>Σ (x − zx)(w − zw) as int64, NC(H)W.</summary>
    public static long[] Run(Node node, Tensor x, long xZero, Tensor w, long[] wZero)
    {
        var (s, group) = Window(node, TensorInfo.Of(x), TensorInfo.Of(w));
        return QuantizationKernel.IntegerConvolution(OperatorInputs.ToInt64s(x), xZero, OperatorInputs.ToInt64s(w), wZero, x.Shape[0], x.Shape[1], w.Shape[0], group, s);
    }
}
