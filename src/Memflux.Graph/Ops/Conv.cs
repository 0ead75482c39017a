using System.Runtime.CompilerServices;
using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Conv (opsets 1–21): grouped, strided, dilated, padded cross-correlation with optional bias.
/// 2-D (NCHW) and 1-D (NCW, run as height 1) inputs on the fast kernels; 3-D (NCDHW) by an explicit im2col and a GEMM
/// per image and group (<see cref="VolumeWindow.Unfold"/>).
/// A constant weight (an initializer or folded value) is packed for the kernels once and the pack is cached
/// against its <see cref="Tensor"/>; constants are never changed in place (passes replace them with new tensors).
/// </summary>
public sealed class Conv : Operator
{
    private static readonly ConditionalWeakTable<Tensor, PackedConvolutionWeights> PackedConstants = [];

    /// <inheritdoc />
    public override string OpType => "Conv";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = [.. SpatialWindow.AttributeNames, "group"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 3;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var x = RequireInput(node, inputs, 0);
        var w = RequireInput(node, inputs, 1);
        var b = inputs.Count > 2 ? inputs[2] : null;
        if (x.Shape.Rank == 5)
        {
            var (v, _) = ResolveVolume(node, x.Shape, w.Shape, b?.Shape, x.Type, w.Type, b?.Type);
            return [new TensorInfo(DataType.Float32, v.OutputShape(x.Shape[0], w.Shape[0]))];
        }

        var g = Resolve(node, x.Shape, w.Shape, b?.Shape, x.Type, w.Type, b?.Type);
        return [new TensorInfo(DataType.Float32, OutputShape(g, x.Shape.Rank))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [ExecuteFused(node, inputs, null, relu: false)];

    /// <summary>
    /// Runs the node and, on each output tile while it is in cache, adds <paramref name="addend"/> (a Float32 tensor of
    /// the output's shape, or null) and applies ReLU when <paramref name="relu"/>: the result has the same bits as this
    /// Conv followed by ONNX Add and Relu. The executor fuses Conv → Add → Relu chains through this.
    /// </summary>
    public static Tensor ExecuteFused(Node node, IReadOnlyList<Tensor?> inputs, Tensor? addend, bool relu)
    {
        ArgumentNullException.ThrowIfNull(node);
        var x = RequireInput(node, inputs, 0);
        var w = RequireInput(node, inputs, 1);
        var b = inputs.Count > 2 ? inputs[2] : null;
        if (x.Shape.Rank == 5)
        {
            return ExecuteVolume(node, x, w, b, addend, relu);
        }

        var g = Resolve(node, x.Shape, w.Shape, b?.Shape, x.Type, w.Type, b?.Type);
        var y = Tensor.Uninitialized(DataType.Float32, OutputShape(g, x.Shape.Rank));
        if (addend is not null && (addend.Type != DataType.Float32 || !addend.Shape.Equals(y.Shape)))
        {
            throw node.Error($"a fused addend must be Float32{y.Shape}; found {addend.Type}{addend.Shape}.");
        }

        ReadOnlySpan<float> bias = b is null ? default : b.Float32;
        ReadOnlySpan<float> add = addend is null ? default : addend.Float32;
        if (node.Inputs[1]?.Constant is { } constant && ReferenceEquals(constant, w))
        {
            Convolution.Conv2D(g, x.Float32, PackedFor(constant, g), bias, y.Float32, add, relu);
        }
        else
        {
            Convolution.Conv2D(g, x.Float32, w.Float32, bias, y.Float32, add, relu);
        }

        return y;
    }

    /// <inheritdoc />
    public override long CountMacs(Node node)
    {
        var y = node.Outputs[0].Shape ?? throw node.Error("output shape is unknown; run shape inference before counting MACs.");
        var w = node.Inputs[1]?.Shape ?? throw node.Error("weight shape is unknown; run shape inference before counting MACs.");
        long perOutput = 1;
        for (int i = 1; i < w.Rank; i++)
        {
            perOutput *= w[i];
        }

        return y.ElementCount * perOutput;
    }

    /// <summary>
    /// The convolution geometry of <paramref name="node"/> for input shape <paramref name="x"/> and weight shape
    /// <paramref name="w"/> (pads resolved from auto_pad); errors name the node. 1-D convolutions get height 1.
    /// </summary>
    public static Conv2DGeometry ResolveGeometry(Node node, TensorShape x, TensorShape w, TensorShape? bias)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(w);
        return Resolve(node, x, w, bias, DataType.Float32, DataType.Float32, bias is null ? null : DataType.Float32);
    }

    private static PackedConvolutionWeights PackedFor(Tensor weight, in Conv2DGeometry g)
    {
        if (PackedConstants.TryGetValue(weight, out var packed) && packed.Fits(g))
        {
            return packed;
        }

        packed = Convolution.PackWeights(g, weight.Float32);
        PackedConstants.AddOrUpdate(weight, packed);
        return packed;
    }

    private static TensorShape OutputShape(in Conv2DGeometry g, int rank) =>
        rank == 3 ? new TensorShape(g.Batch, g.OutChannels, g.OutWidth) : new TensorShape(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);

    /// <summary>
    /// 3-D convolution: per image and group, the im2col matrix (C/group·kd·kh·kw × output pixels) times the group's
    /// weights by GEMM, then bias, addend and ReLU per output plane (the float operations of separate nodes).
    /// </summary>
    private static Tensor ExecuteVolume(Node node, Tensor x, Tensor w, Tensor? b, Tensor? addend, bool relu)
    {
        var (v, group) = ResolveVolume(node, x.Shape, w.Shape, b?.Shape, x.Type, w.Type, b?.Type);
        int batch = x.Shape[0], channels = x.Shape[1], outChannels = w.Shape[0];
        int cg = channels / group, mg = outChannels / group, k = cg * v.Kernel[0] * v.Kernel[1] * v.Kernel[2], pixels = v.OutPlane;
        var y = Tensor.Uninitialized(DataType.Float32, v.OutputShape(batch, outChannels));
        if (addend is not null && (addend.Type != DataType.Float32 || !addend.Shape.Equals(y.Shape)))
        {
            throw node.Error($"a fused addend must be Float32{y.Shape}; found {addend.Type}{addend.Shape}.");
        }

        var cols = new float[(long)k * pixels];
        var xData = x.Float32;
        var yData = y.Float32;
        for (int n = 0; n < batch; n++)
        {
            for (int g = 0; g < group; g++)
            {
                v.Unfold(xData.Slice(((n * channels) + (g * cg)) * v.InPlane, cg * v.InPlane), cg, cols);
                var yg = yData.Slice(((n * outChannels) + (g * mg)) * pixels, mg * pixels);
                Memflux.Numerics.Gemm.Multiply(false, false, mg, pixels, k, 1f, w.Float32.Slice(g * mg * k, mg * k), k, cols, pixels, 0f, yg, pixels);
            }

            for (int m = 0; m < outChannels; m++)
            {
                var plane = yData.Slice(((n * outChannels) + m) * pixels, pixels);
                var add = addend is null ? default : addend.Float32.Slice(((n * outChannels) + m) * pixels, pixels);
                Convolution.ApplyBiasAndEpilogue(plane, b?.Float32[m], plane, add, relu);
            }
        }

        return y;
    }

    private static (VolumeWindow Window, int Group) ResolveVolume(Node node, TensorShape x, TensorShape w, TensorShape? b, DataType xType, DataType wType, DataType? bType)
    {
        var (group, kernel) = Check(node, x, w, b, xType, wType, bType);
        return (SpatialWindow.ResolveVolume(node, x, kernel, ceilMode: false), group);
    }

    private static Conv2DGeometry Resolve(Node node, TensorShape x, TensorShape w, TensorShape? b, DataType xType, DataType wType, DataType? bType)
    {
        var (group, kernel) = Check(node, x, w, b, xType, wType, bType);
        int channels = x[1], outChannels = w[0];
        var s = SpatialWindow.Resolve(node, x, kernel, ceilMode: false);
        return new Conv2DGeometry(
            x[0], channels, s.InHeight, s.InWidth, outChannels, s.KernelHeight, s.KernelWidth,
            s.StrideHeight, s.StrideWidth, s.PadTop, s.PadLeft, s.PadBottom, s.PadRight, s.DilationHeight, s.DilationWidth, group);
    }

    /// <summary>Checks types, ranks, group, channels, bias and kernel_shape; returns the group count and the kernel's spatial size.</summary>
    private static (int Group, int[] Kernel) Check(Node node, TensorShape x, TensorShape w, TensorShape? b, DataType xType, DataType wType, DataType? bType)
    {
        if (xType != DataType.Float32 || wType != DataType.Float32 || (bType is { } bt && bt != DataType.Float32))
        {
            throw node.Error($"inputs must be Float32; found X {xType}, W {wType}{(bType is null ? "" : $", B {bType}")}.");
        }

        if (x.Rank is not (3 or 4 or 5))
        {
            throw node.Error($"input X has shape {x}; expected rank 3 (N,C,W), 4 (N,C,H,W) or 5 (N,C,D,H,W).");
        }

        if (w.Rank != x.Rank)
        {
            throw node.Error($"weight W has shape {w} (rank {w.Rank}); expected rank {x.Rank} like the input {x}.");
        }

        long group = node.Attributes.GetInt("group", 1);
        int channels = x[1], outChannels = w[0];
        if (outChannels == 0 || channels == 0)
        {
            throw node.Error($"weight W {w} and input X {x} give {outChannels} output and {channels} input channels; expected at least 1 of each.");
        }

        if (group <= 0 || channels % group != 0 || outChannels % group != 0)
        {
            throw node.Error($"attribute 'group' is {group}; it must be positive and divide both the {channels} input channels and the {outChannels} output channels.");
        }

        if (w[1] * group != channels)
        {
            throw node.Error($"weight W {w} expects {w[1]}×{group} (group) = {w[1] * group} input channels, but X {x} has {channels}.");
        }

        if (b is not null && (b.Rank != 1 || b[0] != outChannels))
        {
            throw node.Error($"bias B has shape {b}; expected [{outChannels}] (one value per output channel).");
        }

        int[] kernel = [.. w.Dimensions[2..]];
        var attr = node.Attributes.GetInts("kernel_shape");
        if (attr is not null && !attr.SequenceEqual(kernel.Select(k => (long)k)))
        {
            throw node.Error($"attribute 'kernel_shape' [{string.Join(",", attr)}] does not match the weight's spatial size [{string.Join(",", kernel)}] (W {w}).");
        }

        return ((int)group, kernel);
    }
}
