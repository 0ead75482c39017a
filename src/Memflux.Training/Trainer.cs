using Memflux.Numerics;
using Memflux.Training.Data;
using Memflux.Training.HardwareAware;
using Memflux.Training.Optimizers;

namespace Memflux.Training;

/// <summary>Settings of a <see cref="Trainer"/> run.</summary>
public sealed record TrainerOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Samples per optimizer step.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Seeds the per-epoch shuffles (and, through the step number, dropout masks).</summary>
    public ulong Seed { get; init; }

    /// <summary>The learning-rate schedule; null keeps the optimizer's rate.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Per-sample augmentation of the training batches; null for none.</summary>
    public Augmentation? Augmentation { get; init; }

    /// <summary>
    /// Hardware-aware training of every <see cref="IAnalogLayer"/> in the model (weight noise, clipping, DAC/ADC
    /// fake-quantization); null trains them plainly.
    /// </summary>
    public HardwareAwareOptions? HardwareAware { get; init; }

    /// <summary>Most threads the layers may use; −1 for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>Reported after every optimizer step.</summary>
/// <param name="Epoch">Epoch, from 0.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Batch">Batch within the epoch, from 0.</param>
/// <param name="BatchesPerEpoch">Batches per epoch.</param>
/// <param name="Loss">Mean loss of this batch.</param>
/// <param name="Accuracy">Fraction of this batch classified correctly (before the update).</param>
/// <param name="LearningRate">The rate used for this step.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int BatchesPerEpoch, float Loss, float Accuracy, float LearningRate);

/// <summary>Mean loss and accuracy over a data set or an epoch.</summary>
/// <param name="Loss">Mean loss per sample.</param>
/// <param name="Accuracy">Fraction classified correctly.</param>
/// <param name="Samples">Samples seen.</param>
public readonly record struct Evaluation(double Loss, double Accuracy, int Samples);

/// <summary>
/// Mini-batch training of a classifier with softmax cross-entropy. Each epoch visits a seeded permutation of the
/// training set in full batches (a last partial batch is dropped, so every step has the same shape and no buffer
/// is reallocated). Same model initialisation (<see cref="Layer.Initialize"/>), seed and data ⇒ bit-identical weights
/// whatever the thread count. The trainer sets the model's <see cref="Layer.NeedsInputGradient"/> to false, since
/// nothing below the input trains.
/// </summary>
public sealed class Trainer
{
    private readonly SoftmaxCrossEntropy _loss = new();
    private readonly ParallelOptions _parallel;
    private readonly IAnalogLayer[] _analogLayers;
    private long _step;

    /// <summary>Creates a trainer for <paramref name="model"/> updated by <paramref name="optimizer"/>.</summary>
    public Trainer(Layer model, Optimizer optimizer, TrainerOptions options)
    {
        if (options.Epochs <= 0 || options.BatchSize <= 0)
        {
            throw new MemfluxException($"Trainer: epochs ({options.Epochs}) and batch size ({options.BatchSize}) must be positive.");
        }

        Model = model;
        Optimizer = optimizer;
        Options = options;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism };
        model.NeedsInputGradient = false;

        // Each analog layer's noise is keyed by (seed, its position in the model), then by the step.
        _analogLayers = [.. model.SelfAndDescendants().OfType<IAnalogLayer>()];
        ulong hwaSeed = SplitMix64.Mix(options.Seed, 0x4857_4100UL);
        for (int i = 0; i < _analogLayers.Length; i++)
        {
            _analogLayers[i].HardwareAware = options.HardwareAware is { IsIdeal: false } hwa ? hwa : null;
            _analogLayers[i].NoiseKey = SplitMix64.Mix(hwaSeed, (ulong)i);
        }
    }

    /// <summary>The model trained.</summary>
    public Layer Model { get; }

    /// <summary>The optimizer.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The settings.</summary>
    public TrainerOptions Options { get; }

    /// <summary>Optimizer steps taken so far.</summary>
    public long Steps => _step;

    /// <summary>Trains for <see cref="TrainerOptions.Epochs"/> epochs; returns the training loss and accuracy of each epoch.</summary>
    public IReadOnlyList<Evaluation> Fit(LabeledImages train, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        int batchSize = Options.BatchSize;
        if (train.Count < batchSize)
        {
            throw new MemfluxException($"Trainer: the training set has {train.Count} samples, fewer than one batch of {batchSize}.");
        }

        var loader = new BatchLoader(train, batchSize, Options.Seed, Options.Augmentation, _parallel);
        int batches = loader.BatchesPerEpoch;

        var inputShape = new TensorShape(batchSize, train.Channels, train.Height, train.Width);
        Model.OutputShape(inputShape);
        var input = Tensor.Zeros(DataType.Float32, inputShape);
        int[] labels = new int[batchSize];
        var history = new List<Evaluation>(Options.Epochs);
        for (int epoch = 0; epoch < Options.Epochs; epoch++)
        {
            loader.StartEpoch(epoch);
            double lossSum = 0;
            long correct = 0;
            for (int b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Options.Schedule is { } schedule)
                {
                    Optimizer.LearningRate = schedule.At(epoch, b, batches);
                }

                loader.Fill(epoch, b, input.Float32Array, labels);
                var context = new PassContext(true, _step, _parallel);
                Optimizer.ZeroGrad();
                var logits = Model.Forward(input, context);
                float loss = _loss.Forward(logits, labels);
                Model.Backward(_loss.Backward(), context);
                Optimizer.Step();
                ClipWeights();
                _step++;
                lossSum += loss;
                correct += _loss.Correct;
                progress?.Invoke(new TrainingProgress(epoch, Options.Epochs, b, batches, loss, (float)_loss.Correct / batchSize, Optimizer.LearningRate));
            }

            history.Add(new Evaluation(lossSum / batches, (double)correct / ((long)batches * batchSize), batches * batchSize));
        }

        return history;
    }

    // HWA weight clipping after every optimizer step, so the clean weights stay within ±k·std of their layer.
    private void ClipWeights()
    {
        if (Options.HardwareAware is not { Clip: > 0f } hwa)
        {
            return;
        }

        foreach (var layer in _analogLayers)
        {
            WeightClipping.Apply(layer.Weight.Value, hwa.Clip);
        }
    }

    /// <summary>Loss and accuracy of the model in evaluation mode on <paramref name="data"/>.</summary>
    public Evaluation Evaluate(LabeledImages data, int batchSize = 256) => Evaluate(Model, data, batchSize, _parallel);

    /// <summary>Loss and accuracy of <paramref name="model"/> in evaluation mode on <paramref name="data"/>.</summary>
    public static Evaluation Evaluate(Layer model, LabeledImages data, int batchSize = 256, ParallelOptions? parallel = null)
    {
        var loss = new SoftmaxCrossEntropy();
        double lossSum = 0;
        long correct = 0;
        Tensor? input = null;
        int[]? labels = null;
        int[] indices = new int[batchSize];
        var context = new PassContext(false, 0, parallel);
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int n = Math.Min(batchSize, data.Count - start);
            if (input is null || input.Shape[0] != n)
            {
                input = Tensor.Zeros(DataType.Float32, new TensorShape(n, data.Channels, data.Height, data.Width));
                labels = new int[n];
            }

            for (int i = 0; i < n; i++)
            {
                indices[i] = start + i;
            }

            data.CopyBatch(indices.AsSpan(0, n), input.Float32, labels);
            float l = loss.Forward(model.Forward(input, context), labels);
            lossSum += (double)l * n;
            correct += loss.Correct;
        }

        return new Evaluation(lossSum / Math.Max(data.Count, 1), (double)correct / Math.Max(data.Count, 1), data.Count);
    }
}
