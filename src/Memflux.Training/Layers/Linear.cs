using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;
using Memflux.Training.HardwareAware;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Training.Layers;

/// <summary>
/// Fully connected layer y = x·Wᵀ + b on [N, in] inputs, with W stored [out, in] as ONNX Gemm with transB = 1.
/// </summary>
public sealed class Linear : Layer, IFoldsBatchNorm, IAnalogLayer
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private float[]? _noisyWeight;
    private float[]? _quantizedInput;

    // The weights and input the last forward multiplied: the clean ones, or their HWA-perturbed copies.
    private float[] _activeWeight = [];
    private float[] _activeInput = [];

    /// <summary>Creates a layer; parameters start He-initialised from seed 0 (call <see cref="Layer.Initialize"/> to reseed).</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        if (inFeatures <= 0 || outFeatures <= 0)
        {
            throw new MemfluxException($"Linear: features ({inFeatures} in, {outFeatures} out) must be positive.");
        }

        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter("weight", new TensorShape(outFeatures, inFeatures), ParameterRole.Weight, inFeatures);
        Bias = bias ? new Parameter("bias", new TensorShape(outFeatures), ParameterRole.Bias, inFeatures) : null;
        Initialize(0);
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }

    /// <summary>Output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The weights, [out, in].</summary>
    public Parameter Weight { get; }

    /// <summary>The bias, [out], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc />
    public int OutputChannels => OutFeatures;

    /// <inheritdoc />
    public HardwareAwareOptions? HardwareAware { get; set; }

    /// <inheritdoc />
    public ulong NoiseKey { get; set; }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters => Bias is null ? [Weight] : [Weight, Bias];

    /// <inheritdoc />
    public override TensorShape OutputShape(TensorShape input)
    {
        if (input.Rank != 2 || input[1] != InFeatures)
        {
            throw Error($"expected input [N,{InFeatures}], found {input} (put a Flatten before a Linear on images).");
        }

        return new TensorShape(input[0], OutFeatures);
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        int n = input.Shape[0];
        var y = Buffers.Ensure(ref _output, outputShape);
        var ys = y.Float32;
        var hwa = context.Training ? HardwareAware : null;
        _activeWeight = Analog.Weights(this, hwa, context, ref _noisyWeight);
        _activeInput = Analog.Input(input.Float32Array, hwa, context.Parallel, ref _quantizedInput);
        Gemm.Multiply(false, true, n, OutFeatures, InFeatures, 1f, _activeInput, InFeatures, _activeWeight, InFeatures, 0f, ys, OutFeatures);
        Analog.QuantizeOutput(ys, hwa, context.Parallel);
        if (Bias is not null)
        {
            for (int i = 0; i < n; i++)
            {
                var row = ys.Slice(i * OutFeatures, OutFeatures);
                TensorPrimitives.Add(row, Bias.Value, row);
            }
        }

        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var input = Input!;
        int n = input.Shape[0];
        ReadOnlySpan<float> dy = outputGradient.Float32;
        Gemm.Multiply(true, false, OutFeatures, InFeatures, n, 1f, dy, OutFeatures, _activeInput, InFeatures, 1f, Weight.Gradient, InFeatures);
        if (Bias is not null)
        {
            for (int i = 0; i < n; i++)
            {
                TensorPrimitives.Add(Bias.Gradient, dy.Slice(i * OutFeatures, OutFeatures), Bias.Gradient);
            }
        }

        var dx = Buffers.Ensure(ref _inputGradient, input.Shape);
        if (NeedsInputGradient)
        {
            Gemm.Multiply(false, false, n, InFeatures, OutFeatures, 1f, dy, OutFeatures, _activeWeight, InFeatures, 0f, dx.Float32, InFeatures);
        }

        return dx;
    }

    internal override Value Export(ExportContext context, Value input)
    {
        var w = context.Constant(StemOf("weight"), Weight.Value, OutFeatures, InFeatures);
        Value[] inputs = Bias is null ? [input, w] : [input, w, context.Constant(StemOf("bias"), Bias.Value, OutFeatures)];
        return context.Node("Gemm", Name, inputs, new() { ["transB"] = AttributeValue.Of(1L) });
    }

    Value IFoldsBatchNorm.ExportFolded(ExportContext context, Value input, BatchNorm batchNorm)
    {
        if (batchNorm.Channels != OutFeatures)
        {
            throw Error($"cannot fold {batchNorm.Describe()} with {batchNorm.Channels} channels into {OutFeatures} outputs.");
        }

        batchNorm.EvaluationAffine(out float[] scale, out float[] shift);
        float[] w = (float[])Weight.Value.Clone();
        float[] b = new float[OutFeatures];
        for (int o = 0; o < OutFeatures; o++)
        {
            TensorPrimitives.Multiply(w.AsSpan(o * InFeatures, InFeatures), scale[o], w.AsSpan(o * InFeatures, InFeatures));
            b[o] = ((Bias?.Value[o] ?? 0f) * scale[o]) + shift[o];
        }

        var wv = context.Constant(StemOf("weight"), w, OutFeatures, InFeatures);
        var bv = context.Constant(StemOf("bias"), b, OutFeatures);
        return context.Node("Gemm", Name, [input, wv, bv], new() { ["transB"] = AttributeValue.Of(1L) });
    }

    private string StemOf(string what) => (Name.Length > 0 ? Name : "fc") + "." + what;
}
