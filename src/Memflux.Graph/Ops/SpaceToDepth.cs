using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX SpaceToDepth (opsets 1, 13): moves blocksize × blocksize spatial tiles of an NCHW tensor into channels,
/// [N, C, H, W] → [N, C·b², H/b, W/b]; output channel (row·b + column)·C + c holds tile element (row, column) of
/// input channel c. Any element type.
/// </summary>
public sealed class SpaceToDepth : Operator
{
    /// <inheritdoc />
    public override string OpType => "SpaceToDepth";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["blocksize"];

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        return [new TensorInfo(x.Type, Plan(node, x.Shape, out _))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var shape = Plan(node, x.Shape, out int b);
        int n = x.Shape[0], c = x.Shape[1], h = x.Shape[2], w = x.Shape[3];

        // The output walked as [N, b(row), b(column), C, H/b, W/b].
        int[] dims = [n, b, b, c, h / b, w / b];
        long[] strides = [(long)c * h * w, w, 1, (long)h * w, (long)b * w, b];
        var y = Tensor.Zeros(x.Type, shape);
        StridedCopy.Copy(x, 0, dims, strides, y);
        return [y];
    }

    private static TensorShape Plan(Node node, TensorShape x, out int blocksize)
    {
        long b = node.Attributes.RequireInt("blocksize");
        if (x.Rank != 4)
        {
            throw node.Error($"input 0 must be 4-D (NCHW), found shape {x}.");
        }

        if (b is < 1 or > int.MaxValue || x[2] % b != 0 || x[3] % b != 0)
        {
            throw node.Error($"blocksize {b} must be 1 or more and divide the height {x[2]} and width {x[3]} of input {x}.");
        }

        blocksize = (int)b;
        // In 128 bits (exact for int operands): an empty input's blocksize of 65536 made the channels wrap to 0 in int.
        Int128 channels = (Int128)x[1] * blocksize * blocksize;
        if (channels > int.MaxValue)
        {
            throw node.Error($"blocksize {b} makes the {x[1]} channels of input {x} {channels}; expected a count below 2^31.");
        }

        return new TensorShape(x[0], (int)channels, x[2] / blocksize, x[3] / blocksize);
    }
}
