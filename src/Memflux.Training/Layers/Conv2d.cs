using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;
using Memflux.Training.HardwareAware;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Training.Layers;

/// <summary>
/// 2-D convolution over NCHW inputs with OIHW weights, square kernel, stride, symmetric zero padding and groups.
/// Each image is unfolded (im2col) and multiplied by the weights with <see cref="Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>;
/// the backward pass computes dW = dY·colᵀ per batch chunk (summed in chunk order) and dX by col2im of Wᵀ·dY.
/// </summary>
public sealed class Conv2d : Layer, IFoldsBatchNorm, IAnalogLayer
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[]? _noisyWeight;
    private float[]? _quantizedInput;

    // The kernel and input the last forward used: the clean ones, or their HWA-perturbed copies.
    private float[] _activeWeight = [];
    private float[] _activeInput = [];
    private float[][] _cols = [];
    private float[][] _weightGrads = [];
    private float[][] _biasGrads = [];

    /// <summary>Creates a convolution; parameters start He-initialised from seed 0 (call <see cref="Layer.Initialize"/> to reseed).</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int groups = 1, bool bias = true)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernelSize <= 0 || stride <= 0 || padding < 0 || groups <= 0)
        {
            throw new MemfluxException($"Conv2d: channels ({inChannels} in, {outChannels} out), kernel {kernelSize}, stride {stride} and groups {groups} must be positive and padding {padding} not negative.");
        }

        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new MemfluxException($"Conv2d: channels ({inChannels} in, {outChannels} out) must divide into {groups} groups.");
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Groups = groups;
        int fanIn = inChannels / groups * kernelSize * kernelSize;
        Weight = new Parameter("weight", new TensorShape(outChannels, inChannels / groups, kernelSize, kernelSize), ParameterRole.Weight, fanIn);
        Bias = bias ? new Parameter("bias", new TensorShape(outChannels), ParameterRole.Bias, fanIn) : null;
        Initialize(0);
    }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Kernel height and width.</summary>
    public int KernelSize { get; }

    /// <summary>Stride in both directions.</summary>
    public int Stride { get; }

    /// <summary>Zero padding on every side.</summary>
    public int Padding { get; }

    /// <summary>Groups (1 = dense, InChannels = depthwise).</summary>
    public int Groups { get; }

    /// <summary>The kernel, [OutChannels, InChannels/Groups, k, k].</summary>
    public Parameter Weight { get; }

    /// <summary>The bias, [OutChannels], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public int OutputChannels => OutChannels;

    /// <inheritdoc />
    public HardwareAwareOptions? HardwareAware { get; set; }

    /// <inheritdoc />
    public ulong NoiseKey { get; set; }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters => Bias is null ? [Weight] : [Weight, Bias];

    private bool IsPointwise => KernelSize == 1 && Stride == 1 && Padding == 0;

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input)
    {
        if (input.Rank != 4 || input[1] != InChannels)
        {
            throw Error($"expected input [N,{InChannels},H,W], found {input}.");
        }

        var g = Geometry(input);
        if (g.OutHeight <= 0 || g.OutWidth <= 0)
        {
            throw Error($"kernel {KernelSize} with padding {Padding} does not fit input {input}.");
        }

        return new TensorShape(input[0], OutChannels, g.OutHeight, g.OutWidth);
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var g = Geometry(input.Shape);
        int batch = input.Shape[0];
        var y = Buffers.Ensure(ref _output, outputShape);
        int chunks = BatchChunks.Count(batch);
        EnsureScratch(chunks, g);
        var hwa = context.Training ? HardwareAware : null;
        _activeWeight = Analog.Weights(this, hwa, context, ref _noisyWeight);
        _activeInput = Analog.Input(input.Float32Array, hwa, context.Parallel, ref _quantizedInput);
        bool adc = hwa is { AdcBits: > 0 };
        float[] x = _activeInput, yArray = y.Float32Array;
        Parallel.For(0, chunks, context.Parallel, chunk =>
        {
            int end = BatchChunks.Start(chunk + 1, chunks, batch);
            for (int n = BatchChunks.Start(chunk, chunks, batch); n < end; n++)
            {
                ForwardImage(g, x.AsSpan(n * g.InputLength, g.InputLength), yArray.AsSpan(n * g.OutputLength, g.OutputLength), _cols[chunk], addBias: !adc);
            }
        });
        if (adc)
        {
            // The ADC range is the batch's abs-max of the analog product; the (digital) bias comes after.
            Analog.QuantizeOutput(yArray, hwa, context.Parallel);
            AddBias(yArray, g.OutHeight * g.OutWidth);
        }

        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var input = Input!;
        var g = Geometry(input.Shape);
        int batch = input.Shape[0];
        var dx = Buffers.Ensure(ref _inputGradient, input.Shape);
        int chunks = BatchChunks.Count(batch);
        EnsureScratch(chunks, g);
        float[] x = _activeInput, dy = outputGradient.Float32Array, dxArray = dx.Float32Array;
        bool needDx = NeedsInputGradient;
        Parallel.For(0, chunks, context.Parallel, chunk =>
        {
            Array.Clear(_weightGrads[chunk]);
            Array.Clear(_biasGrads[chunk]);
            int end = BatchChunks.Start(chunk + 1, chunks, batch);
            for (int n = BatchChunks.Start(chunk, chunks, batch); n < end; n++)
            {
                BackwardImage(
                    g,
                    x.AsSpan(n * g.InputLength, g.InputLength),
                    dy.AsSpan(n * g.OutputLength, g.OutputLength),
                    needDx ? dxArray.AsSpan(n * g.InputLength, g.InputLength) : default,
                    chunk);
            }
        });

        for (int chunk = 0; chunk < chunks; chunk++)
        {
            TensorPrimitives.Add(Weight.Gradient, _weightGrads[chunk], Weight.Gradient);
            if (Bias is not null)
            {
                TensorPrimitives.Add(Bias.Gradient, _biasGrads[chunk], Bias.Gradient);
            }
        }

        return dx;
    }

    internal override Value Export(ExportContext context, Value input)
    {
        var w = context.Constant(StemOf("weight"), Weight.Value, Weight.Shape.Dimensions);
        Value[] inputs = Bias is null ? [input, w] : [input, w, context.Constant(StemOf("bias"), Bias.Value, OutChannels)];
        return context.Node("Conv", Name, inputs, Attributes());
    }

    Value IFoldsBatchNorm.ExportFolded(ExportContext context, Value input, BatchNorm batchNorm)
    {
        if (batchNorm.Channels != OutChannels)
        {
            throw Error($"cannot fold {batchNorm.Describe()} with {batchNorm.Channels} channels into {OutChannels} output channels.");
        }

        batchNorm.EvaluationAffine(out float[] scale, out float[] shift);
        float[] w = (float[])Weight.Value.Clone();
        int perChannel = w.Length / OutChannels;
        float[] b = new float[OutChannels];
        for (int oc = 0; oc < OutChannels; oc++)
        {
            TensorPrimitives.Multiply(w.AsSpan(oc * perChannel, perChannel), scale[oc], w.AsSpan(oc * perChannel, perChannel));
            b[oc] = ((Bias?.Value[oc] ?? 0f) * scale[oc]) + shift[oc];
        }

        var wv = context.Constant(StemOf("weight"), w, Weight.Shape.Dimensions);
        var bv = context.Constant(StemOf("bias"), b, OutChannels);
        return context.Node("Conv", Name, [input, wv, bv], Attributes());
    }

    private string StemOf(string what) => (Name.Length > 0 ? Name : "conv") + "." + what;

    private Dictionary<string, AttributeValue> Attributes() => new()
    {
        ["kernel_shape"] = ExportContext.Ints(KernelSize, KernelSize),
        ["strides"] = ExportContext.Ints(Stride, Stride),
        ["pads"] = ExportContext.Ints(Padding, Padding, Padding, Padding),
        ["dilations"] = ExportContext.Ints(1, 1),
        ["group"] = AttributeValue.Of((long)Groups),
    };

    private Conv2DGeometry Geometry(TensorShape input) => new(
        1, InChannels, input[2], input[3], OutChannels, KernelSize, KernelSize, Stride, Stride, Padding, Padding, Padding, Padding, Groups: Groups);

    private void EnsureScratch(int chunks, in Conv2DGeometry g)
    {
        int colLength = IsPointwise ? 0 : InChannels * KernelSize * KernelSize * g.OutHeight * g.OutWidth;
        if (_cols.Length != chunks || (_cols.Length > 0 && _cols[0].Length != colLength))
        {
            _cols = new float[chunks][];
            _weightGrads = new float[chunks][];
            _biasGrads = new float[chunks][];
            for (int i = 0; i < chunks; i++)
            {
                _cols[i] = new float[colLength];
                _weightGrads[i] = new float[Weight.Value.Length];
                _biasGrads[i] = new float[OutChannels];
            }
        }
    }

    private void AddBias(Span<float> y, int p)
    {
        if (Bias is null)
        {
            return;
        }

        for (int plane = 0; plane < y.Length / p; plane++)
        {
            var span = y.Slice(plane * p, p);
            TensorPrimitives.Add(span, Bias.Value[plane % OutChannels], span);
        }
    }

    private void ForwardImage(in Conv2DGeometry g, ReadOnlySpan<float> x, Span<float> y, float[] scratch, bool addBias)
    {
        int p = g.OutHeight * g.OutWidth, ocg = OutChannels / Groups, kg = g.InChannelsPerGroup * KernelSize * KernelSize;
        ReadOnlySpan<float> col = x;
        if (!IsPointwise)
        {
            Im2Col.Unfold(g, x, scratch);
            col = scratch;
        }

        for (int gr = 0; gr < Groups; gr++)
        {
            Gemm.Multiply(false, false, ocg, p, kg, 1f, _activeWeight.AsSpan(gr * ocg * kg, ocg * kg), kg, col.Slice(gr * kg * p, kg * p), p, 0f, y.Slice(gr * ocg * p, ocg * p), p);
        }

        if (addBias)
        {
            AddBias(y, p);
        }
    }

    private void BackwardImage(in Conv2DGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, int chunk)
    {
        int p = g.OutHeight * g.OutWidth, ocg = OutChannels / Groups, kg = g.InChannelsPerGroup * KernelSize * KernelSize;
        float[] scratch = _cols[chunk], dw = _weightGrads[chunk];
        ReadOnlySpan<float> col = x;
        if (!IsPointwise)
        {
            Im2Col.Unfold(g, x, scratch);
            col = scratch;
        }

        for (int gr = 0; gr < Groups; gr++)
        {
            Gemm.Multiply(false, true, ocg, kg, p, 1f, dy.Slice(gr * ocg * p, ocg * p), p, col.Slice(gr * kg * p, kg * p), p, 1f, dw.AsSpan(gr * ocg * kg, ocg * kg), kg);
        }

        if (Bias is not null)
        {
            float[] db = _biasGrads[chunk];
            for (int oc = 0; oc < OutChannels; oc++)
            {
                db[oc] += TensorPrimitives.Sum(dy.Slice(oc * p, p));
            }
        }

        if (dx.IsEmpty)
        {
            return;
        }

        // The column scratch is free again: reuse it for dcol = Wᵀ·dY (pointwise convolutions write dX directly).
        Span<float> dcol = IsPointwise ? dx : scratch;
        for (int gr = 0; gr < Groups; gr++)
        {
            Gemm.Multiply(true, false, kg, p, ocg, 1f, _activeWeight.AsSpan(gr * ocg * kg, ocg * kg), kg, dy.Slice(gr * ocg * p, ocg * p), p, 0f, dcol.Slice(gr * kg * p, kg * p), p);
        }

        if (!IsPointwise)
        {
            dx.Clear();
            Im2Col.Accumulate(g, dcol, dx);
        }
    }
}
