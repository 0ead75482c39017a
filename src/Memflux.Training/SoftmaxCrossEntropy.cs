using Memflux.Numerics;

namespace Memflux.Training;

/// <summary>
/// Softmax cross-entropy over [N, K] logits with integer class labels, averaged over the batch. The log-sum-exp
/// subtracts each row's maximum and accumulates in fp64, so large logits neither overflow nor lose the loss.
/// </summary>
public sealed class SoftmaxCrossEntropy
{
    private Tensor? _gradient;

    /// <summary>Correct predictions (arg-max equals the label, first maximum wins) in the last <see cref="Forward"/>.</summary>
    public int Correct { get; private set; }

    /// <summary>Returns the mean loss and keeps dLoss/dLogits = (softmax − onehot)/N for <see cref="Backward"/>.</summary>
    public float Forward(Tensor logits, ReadOnlySpan<int> labels)
    {
        if (logits.Shape.Rank != 2 || logits.Shape[0] != labels.Length || logits.Shape[0] == 0)
        {
            throw new MemfluxException($"SoftmaxCrossEntropy: expected logits [N,K] with N = {labels.Length} labels (N > 0), found {logits.Shape}.");
        }

        int n = logits.Shape[0], k = logits.Shape[1];
        var gradient = Buffers.Ensure(ref _gradient, logits.Shape).Float32;
        ReadOnlySpan<float> z = logits.Float32;
        double total = 0;
        int correct = 0;
        for (int i = 0; i < n; i++)
        {
            int label = labels[i];
            if ((uint)label >= (uint)k)
            {
                throw new MemfluxException($"SoftmaxCrossEntropy: label {label} of sample {i} is outside the {k} classes.");
            }

            var row = z.Slice(i * k, k);
            var g = gradient.Slice(i * k, k);
            int argmax = 0;
            float max = row[0];
            for (int j = 1; j < k; j++)
            {
                if (row[j] > max)
                {
                    max = row[j];
                    argmax = j;
                }
            }

            double sum = 0;
            for (int j = 0; j < k; j++)
            {
                double e = Math.Exp(row[j] - max);
                g[j] = (float)e;
                sum += e;
            }

            total += Math.Log(sum) - (row[label] - max);
            float inverse = (float)(1.0 / (sum * n));
            for (int j = 0; j < k; j++)
            {
                g[j] *= inverse;
            }

            g[label] -= 1f / n;
            correct += argmax == label ? 1 : 0;
        }

        Correct = correct;
        return (float)(total / n);
    }

    /// <summary>The gradient of the last <see cref="Forward"/>'s mean loss with respect to the logits.</summary>
    public Tensor Backward() => _gradient ?? throw new InvalidOperationException("SoftmaxCrossEntropy: Backward called before Forward.");
}
