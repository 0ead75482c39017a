using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>Batches of a bundled image dataset: slices of an fp32 [N, …] tensor, and top-1 counts of their class scores.</summary>
public static class ImageBatches
{
    /// <summary>Images [first, first+count) as a tensor of the same layout.</summary>
    public static Tensor Slice(Tensor images, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(images);
        int per = images.Length / images.Shape[0];
        int[] dims = [.. images.Shape.Dimensions];
        dims[0] = count;
        return Tensor.FromFloat32(images.Float32.Slice(first * per, count * per).ToArray(), new TensorShape(dims));
    }

    /// <summary>How many rows of <paramref name="scores"/> [n, classes] have their maximum at the label.</summary>
    public static int CountCorrect(Tensor scores, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int classes = scores.Shape[^1], correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            correct += System.Numerics.Tensors.TensorPrimitives.IndexOfMax(scores.Float32.Slice(i * classes, classes)) == labels[i] ? 1 : 0;
        }

        return correct;
    }
}
