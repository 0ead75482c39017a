using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Training.Export;

namespace Memflux.Training.Layers;

/// <summary>
/// Batch normalisation (Ioffe and Szegedy 2015) over channel 1 of a batch-first tensor. Training mode normalises
/// with the batch mean and biased variance and updates the running statistics as PyTorch does:
/// running = (1 − momentum)·running + momentum·batch, with the unbiased variance. Evaluation mode uses the running
/// statistics. Exported as ONNX BatchNormalization (or folded into the preceding layer).
/// </summary>
public abstract class BatchNorm : Layer
{
    private Tensor? _output;
    private Tensor? _inputGradient;
    private bool _lastTraining;

    /// <summary>Creates a batch-norm over <paramref name="channels"/> channels.</summary>
    private protected BatchNorm(int channels, float epsilon, float momentum)
    {
        if (channels <= 0 || !(epsilon > 0f) || !(momentum >= 0f && momentum <= 1f))
        {
            throw new MemfluxException($"{GetType().Name}: channels {channels} must be positive, epsilon {epsilon} positive and momentum {momentum} in [0, 1].");
        }

        Channels = channels;
        Epsilon = epsilon;
        Momentum = momentum;
        Scale = new Parameter("scale", new TensorShape(channels), ParameterRole.Scale, 1);
        Shift = new Parameter("shift", new TensorShape(channels), ParameterRole.Shift, 1);
        Scale.Initialize(0, 0);
        RunningMean = new float[channels];
        RunningVariance = new float[channels];
        Array.Fill(RunningVariance, 1f);
        BatchMean = new float[channels];
        BatchInverseStd = new float[channels];
    }

    /// <summary>Channels normalised.</summary>
    public int Channels { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public float Epsilon { get; }

    /// <summary>Weight of the batch statistics in the running-statistics update.</summary>
    public float Momentum { get; }

    /// <summary>γ, one per channel.</summary>
    public Parameter Scale { get; }

    /// <summary>β, one per channel.</summary>
    public Parameter Shift { get; }

    /// <summary>Running mean per channel (used in evaluation).</summary>
    public float[] RunningMean { get; }

    /// <summary>Running (unbiased) variance per channel (used in evaluation).</summary>
    public float[] RunningVariance { get; }

    /// <inheritdoc />
    public override IEnumerable<Parameter> Parameters => [Scale, Shift];

    private float[] BatchMean { get; }

    private float[] BatchInverseStd { get; }

    /// <summary>The evaluation-mode map y = scale·x + shift per channel.</summary>
    public void EvaluationAffine(out float[] scale, out float[] shift)
    {
        scale = new float[Channels];
        shift = new float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            scale[c] = Scale.Value[c] / MathF.Sqrt(RunningVariance[c] + Epsilon);
            shift[c] = Shift.Value[c] - (RunningMean[c] * scale[c]);
        }
    }

    /// <inheritdoc />
    protected override Tensor ForwardCore(Tensor input, TensorShape outputShape, PassContext context)
    {
        var y = Buffers.Ensure(ref _output, outputShape);
        int n = input.Shape[0], inner = input.Length / Math.Max(n * Channels, 1);
        _lastTraining = context.Training;
        float[] x = input.Float32Array, ya = y.Float32Array;
        bool training = context.Training;
        Parallel.For(0, Channels, context.Parallel, c =>
        {
            float mean, invStd;
            if (training)
            {
                double sum = 0;
                for (int b = 0; b < n; b++)
                {
                    var s = x.AsSpan(((b * Channels) + c) * inner, inner);
                    for (int i = 0; i < s.Length; i++)
                    {
                        sum += s[i];
                    }
                }

                int count = n * inner;
                double m = sum / count, squares = 0;
                for (int b = 0; b < n; b++)
                {
                    var s = x.AsSpan(((b * Channels) + c) * inner, inner);
                    for (int i = 0; i < s.Length; i++)
                    {
                        double d = s[i] - m;
                        squares += d * d;
                    }
                }

                double variance = squares / count;
                mean = (float)m;
                invStd = (float)(1.0 / Math.Sqrt(variance + Epsilon));
                double unbiased = count > 1 ? squares / (count - 1) : variance;
                RunningMean[c] = (float)(((1 - Momentum) * RunningMean[c]) + (Momentum * m));
                RunningVariance[c] = (float)(((1 - Momentum) * RunningVariance[c]) + (Momentum * unbiased));
            }
            else
            {
                mean = RunningMean[c];
                invStd = 1f / MathF.Sqrt(RunningVariance[c] + Epsilon);
            }

            BatchMean[c] = mean;
            BatchInverseStd[c] = invStd;
            float scale = Scale.Value[c] * invStd, shift = Shift.Value[c] - (mean * scale);
            for (int b = 0; b < n; b++)
            {
                int offset = ((b * Channels) + c) * inner;
                var s = x.AsSpan(offset, inner);
                var d = ya.AsSpan(offset, inner);
                for (int i = 0; i < s.Length; i++)
                {
                    d[i] = (s[i] * scale) + shift;
                }
            }
        });
        return y;
    }

    /// <inheritdoc />
    protected override Tensor BackwardCore(Tensor outputGradient, PassContext context)
    {
        var input = Input!;
        var dx = Buffers.Ensure(ref _inputGradient, input.Shape);
        int n = input.Shape[0], inner = input.Length / Math.Max(n * Channels, 1), count = n * inner;
        float[] x = input.Float32Array, dy = outputGradient.Float32Array, dxa = dx.Float32Array;
        bool training = _lastTraining, needDx = NeedsInputGradient;
        Parallel.For(0, Channels, context.Parallel, c =>
        {
            float mean = BatchMean[c], invStd = BatchInverseStd[c], gamma = Scale.Value[c];
            double sumDy = 0, sumDyXhat = 0;
            for (int b = 0; b < n; b++)
            {
                int offset = ((b * Channels) + c) * inner;
                for (int i = offset; i < offset + inner; i++)
                {
                    sumDy += dy[i];
                    sumDyXhat += dy[i] * (x[i] - mean) * invStd;
                }
            }

            Scale.Gradient[c] += (float)sumDyXhat;
            Shift.Gradient[c] += (float)sumDy;
            if (!needDx)
            {
                return;
            }

            // Training: dx = γ·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂)); evaluation: the statistics are constants.
            float k = gamma * invStd;
            float meanDy = training ? (float)(sumDy / count) : 0f, meanDyXhat = training ? (float)(sumDyXhat / count) : 0f;
            for (int b = 0; b < n; b++)
            {
                int offset = ((b * Channels) + c) * inner;
                for (int i = offset; i < offset + inner; i++)
                {
                    float xhat = (x[i] - mean) * invStd;
                    dxa[i] = k * (dy[i] - meanDy - (xhat * meanDyXhat));
                }
            }
        });
        return dx;
    }

    /// <summary>Checks that the input is [N, Channels, …] with <paramref name="rank"/> dimensions.</summary>
    protected TensorShape CheckInput(TensorShape input, int rank, string layout)
    {
        if (input.Rank != rank || input[1] != Channels)
        {
            throw Error($"expected input {layout} with {Channels} channels, found {input}.");
        }

        return input;
    }

    internal override Value Export(ExportContext context, Value input)
    {
        string stem = Name.Length > 0 ? Name : "bn";
        var scale = context.Constant(stem + ".scale", Scale.Value, Channels);
        var shift = context.Constant(stem + ".shift", Shift.Value, Channels);
        var mean = context.Constant(stem + ".running_mean", RunningMean, Channels);
        var variance = context.Constant(stem + ".running_var", RunningVariance, Channels);
        return context.Node("BatchNormalization", Name, [input, scale, shift, mean, variance], new()
        {
            ["epsilon"] = AttributeValue.Of(Epsilon),
            ["momentum"] = AttributeValue.Of(1f - Momentum),
        });
    }
}
