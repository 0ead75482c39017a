using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX DepthToSpace (opsets 1, 11, 13): moves blocks of channels of an NCHW tensor into blocksize × blocksize
/// spatial tiles, [N, C, H, W] → [N, C/b², H·b, W·b]. <c>mode</c> (opset 11) DCR (default) reads the channel as
/// (row in tile, column in tile, output channel); CRD as (output channel, row, column). Any element type.
/// </summary>
public sealed class DepthToSpace : Operator
{
    /// <inheritdoc />
    public override string OpType => "DepthToSpace";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["blocksize", "mode"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, Plan(node, x.Shape, out _, out _))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var shape = Plan(node, x.Shape, out int b, out bool crd);
        int n = x.Shape[0], c = shape[1], h = x.Shape[2], w = x.Shape[3];

        // The output walked as [N, C', H, b(row), W, b(column)]; the input channel of (c', row, column) is
        // (row·b + column)·C' + c' in DCR mode and c'·b² + row·b + column in CRD mode.
        long hw = (long)h * w;
        long channelStride = crd ? b * b * hw : hw;
        long rowStride = crd ? b * hw : b * c * hw;
        long columnStride = crd ? hw : c * hw;
        int[] dims = [n, c, h, b, w, b];
        long[] strides = [x.Shape[1] * hw, channelStride, w, rowStride, 1, columnStride];
        var y = Tensor.Zeros(x.Type, shape);
        StridedCopy.Copy(x, 0, dims, strides, y);
        return [y];
    }

    private static TensorShape Plan(Node node, TensorShape x, out int blocksize, out bool crd)
    {
        long b = node.Attributes.RequireInt("blocksize");
        string mode = node.Attributes.GetString("mode", "DCR");
        if (node.Attributes.ContainsKey("mode") && node.Opset < 11)
        {
            throw node.Error("attribute 'mode' exists from opset 11.");
        }

        if (mode is not ("DCR" or "CRD"))
        {
            throw node.Error($"mode \"{mode}\" is not DCR or CRD.");
        }

        if (x.Rank != 4)
        {
            throw node.Error($"input 0 must be 4-D (NCHW), found shape {x}.");
        }

        // b ≤ 46340 keeps b² in int; a larger b cannot divide a channel count below 2^31 (and b = 2^32 made b² wrap to 0).
        if (b is < 1 or > 46340 || x[1] % (b * b) != 0)
        {
            throw node.Error($"blocksize {b} must be 1 or more with blocksize² dividing the {x[1]} channels of input {x}.");
        }

        blocksize = (int)b;
        crd = mode == "CRD";
        return new TensorShape(x[0], x[1] / (blocksize * blocksize), ScaledDimension(node, x, 2, blocksize), ScaledDimension(node, x, 3, blocksize));
    }

    /// <summary>x[axis] × blocksize, or an error past 2^31 − 1 (it wrapped for an empty input's huge dimensions).</summary>
    private static int ScaledDimension(Node node, TensorShape x, int axis, int blocksize)
    {
        long size = (long)x[axis] * blocksize;
        return size <= int.MaxValue ? (int)size : throw node.Error($"blocksize {blocksize} makes dimension {axis} of input {x} {size}; expected a size below 2^31.");
    }
}
