using Memflux.Numerics;

namespace Memflux.Training.Data;

/// <summary>
/// Random per-sample augmentation of training images: a random crop of the image padded with zeros
/// (<see cref="CropPadding"/> pixels on each side, then cropped back to the original size, i.e. a random shift of up to
/// ±padding pixels) and an optional horizontal flip with probability ½. Flips suit Fashion-MNIST (a left shoe is still
/// a shoe) but not digits. Each sample's choice is keyed by (seed, epoch, sample index), so it does not depend on the
/// batch order or on the thread that computes it.
/// </summary>
public sealed record Augmentation
{
    /// <summary>No augmentation.</summary>
    public static Augmentation None { get; } = new();

    /// <summary>Zero padding on every side before the random crop back to the original size; 0 disables cropping.</summary>
    public int CropPadding { get; init; }

    /// <summary>When true, each sample is mirrored left–right with probability ½.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>True when the augmentation changes nothing.</summary>
    public bool IsIdentity => CropPadding == 0 && !HorizontalFlip;

    /// <summary>Throws a <see cref="MemfluxException"/> when the settings are invalid.</summary>
    public void Validate()
    {
        if (CropPadding < 0)
        {
            throw new MemfluxException($"Augmentation: crop padding must not be negative, found {CropPadding}.");
        }
    }

    /// <summary>
    /// Writes the augmented copy of one C×H×W sample <paramref name="source"/> into <paramref name="destination"/>;
    /// <paramref name="key"/> picks the random shift and flip.
    /// </summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width, ulong key)
    {
        int length = channels * height * width;
        if (source.Length != length || destination.Length != length)
        {
            throw new ArgumentException($"Augmentation: sample and destination must hold {channels}×{height}×{width} = {length} values, found {source.Length} and {destination.Length}.");
        }

        Validate();
        ApplyCore(source, destination, channels, height, width, key);
    }

    internal void ApplyCore(ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width, ulong key)
    {
        if (IsIdentity)
        {
            source.CopyTo(destination);
            return;
        }

        var rng = new SplitMix64(key);
        int span = (2 * CropPadding) + 1;

        // Offsets of the crop window in the padded image, minus the padding: the shift of the content.
        int dy = CropPadding == 0 ? 0 : rng.NextInt(span) - CropPadding;
        int dx = CropPadding == 0 ? 0 : rng.NextInt(span) - CropPadding;
        bool flip = HorizontalFlip && (rng.NextUInt64() >> 63) == 1;
        int plane = height * width;
        for (int c = 0; c < channels; c++)
        {
            var src = source.Slice(c * plane, plane);
            var dst = destination.Slice(c * plane, plane);
            for (int y = 0; y < height; y++)
            {
                int sy = y + dy;
                var row = dst.Slice(y * width, width);
                if ((uint)sy >= (uint)height)
                {
                    row.Clear();
                    continue;
                }

                for (int x = 0; x < width; x++)
                {
                    int sx = (flip ? width - 1 - x : x) + dx;
                    row[x] = (uint)sx < (uint)width ? src[(sy * width) + sx] : 0f;
                }
            }
        }
    }
}
