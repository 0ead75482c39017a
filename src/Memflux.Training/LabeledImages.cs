using Memflux.Numerics;

namespace Memflux.Training;

/// <summary>An in-memory labelled image set: samples of C×H×W fp32 pixels (row-major) and a class per sample.</summary>
public sealed class LabeledImages
{
    /// <summary>Wraps <paramref name="pixels"/> (no copy) and <paramref name="labels"/>.</summary>
    public LabeledImages(float[] pixels, int[] labels, int channels, int height, int width, int classes)
    {
        if (channels <= 0 || height <= 0 || width <= 0 || classes <= 0)
        {
            throw new MemfluxException($"LabeledImages: channels {channels}, height {height}, width {width} and classes {classes} must be positive.");
        }

        int sample = channels * height * width;
        if ((long)labels.Length * sample != pixels.Length)
        {
            throw new MemfluxException($"LabeledImages: {labels.Length} labels need {(long)labels.Length * sample} pixels of {channels}×{height}×{width}, found {pixels.Length}.");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new MemfluxException($"LabeledImages: label {labels[i]} of sample {i} is outside the {classes} classes.");
            }
        }

        Pixels = pixels;
        Labels = labels;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    /// <summary>All pixels, sample after sample.</summary>
    public float[] Pixels { get; }

    /// <summary>The class of each sample.</summary>
    public int[] Labels { get; }

    /// <summary>Channels per sample.</summary>
    public int Channels { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>Number of samples.</summary>
    public int Count => Labels.Length;

    /// <summary>Elements per sample.</summary>
    public int SampleLength => Channels * Height * Width;

    /// <summary>The per-sample shape [C, H, W].</summary>
    public int[] SampleShape => [Channels, Height, Width];

    /// <summary>Copies the samples at <paramref name="indices"/> into a batch.</summary>
    public void CopyBatch(ReadOnlySpan<int> indices, Span<float> pixels, Span<int> labels)
    {
        int length = SampleLength;
        for (int i = 0; i < indices.Length; i++)
        {
            Pixels.AsSpan(indices[i] * length, length).CopyTo(pixels.Slice(i * length, length));
            labels[i] = Labels[indices[i]];
        }
    }
}
