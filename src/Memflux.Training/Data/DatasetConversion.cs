using Memflux.Data;
using Memflux.Numerics;

namespace Memflux.Training.Data;

/// <summary>Bridges <see cref="Dataset"/> (IDX files) and the trainer's <see cref="LabeledImages"/>.</summary>
public static class DatasetConversion
{
    /// <summary>
    /// Wraps <paramref name="dataset"/>'s fp32 [N, C, H, W] pixels (no copy) with its labels as a
    /// <paramref name="classes"/>-class <see cref="LabeledImages"/>; a label outside the classes is an error.
    /// </summary>
    public static LabeledImages ToLabeledImages(this Dataset dataset, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var shape = dataset.Images.Shape;
        int[] labels = new int[dataset.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = dataset.Labels[i];
        }

        try
        {
            return new LabeledImages(dataset.Images.Float32Array, labels, shape[1], shape[2], shape[3], classes);
        }
        catch (MemfluxException e)
        {
            throw new MemfluxException($"{dataset.Name}: {e.Message}");
        }
    }
}
