using Memflux.Data;
using Memflux.Training.Data;

namespace Memflux.Training.Tests;

/// <summary>Shuffling, batching and augmentation: every sample once per epoch, crops are shifts, all keyed by seed.</summary>
public class DataPipelineTests
{
    private static LabeledImages Ramp(int count, int channels, int size)
    {
        int length = channels * size * size;
        float[] pixels = new float[count * length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = 1f + (i % 997);
        }

        return new LabeledImages(pixels, [.. Enumerable.Range(0, count).Select(i => i % 3)], channels, size, size, 3);
    }

    [Fact]
    public void An_epoch_visits_every_sample_at_most_once_and_drops_only_the_last_partial_batch()
    {
        var data = Ramp(23, 1, 5);
        var loader = new BatchLoader(data, 4, seed: 3);
        loader.StartEpoch(0);
        Assert.Equal(5, loader.BatchesPerEpoch);
        Assert.Equal(Enumerable.Range(0, 23), loader.Order.ToArray().Order());
        var first = loader.Order.ToArray();
        loader.StartEpoch(1);
        Assert.NotEqual(first, loader.Order.ToArray());
        float[] pixels = new float[4 * 25];
        int[] labels = new int[4];
        loader.Fill(1, 2, pixels, labels);
        for (int i = 0; i < 4; i++)
        {
            int sample = loader.Order[8 + i];
            Assert.Equal(data.Labels[sample], labels[i]);
            Assert.Equal(data.Pixels.AsSpan(sample * 25, 25).ToArray(), pixels.AsSpan(i * 25, 25).ToArray());
        }
    }

    [Fact]
    public void A_padded_random_crop_is_a_shift_of_at_most_the_padding_with_zeros_brought_in()
    {
        int size = 7, channels = 2;
        var data = Ramp(1, channels, size);
        var augmentation = new Augmentation { CropPadding = 2 };
        var shifts = new HashSet<(int, int)>();
        float[] output = new float[channels * size * size];
        for (ulong key = 0; key < 400; key++)
        {
            augmentation.Apply(data.Pixels, output, channels, size, size, key);
            var shift = FindShift(data.Pixels, output, channels, size, flip: false);
            Assert.True(shift is not null, $"key {key}: output is not a shift of the input");
            shifts.Add(shift.Value);
        }

        // All 25 shifts in [-2, 2]² occur over 400 keys.
        Assert.Equal(25, shifts.Count);
    }

    [Fact]
    public void A_flip_mirrors_about_half_of_the_samples()
    {
        int size = 6;
        var data = Ramp(1, 1, size);
        var augmentation = new Augmentation { HorizontalFlip = true };
        float[] output = new float[size * size];
        int flipped = 0;
        for (ulong key = 0; key < 1000; key++)
        {
            augmentation.Apply(data.Pixels, output, 1, size, size, key);
            if (FindShift(data.Pixels, output, 1, size, flip: true) == (0, 0))
            {
                flipped++;
            }
            else
            {
                Assert.Equal(data.Pixels, output);
            }
        }

        // Binomial(1000, ½): 5 standard deviations is about ±79.
        Assert.InRange(flipped, 420, 580);
    }

    [Fact]
    public void Augmented_batches_do_not_depend_on_the_thread_count()
    {
        var data = Ramp(64, 1, 9);
        var augmentation = new Augmentation { CropPadding = 2, HorizontalFlip = true };
        float[] Batch(int threads)
        {
            var loader = new BatchLoader(data, 16, seed: 5, augmentation, new ParallelOptions { MaxDegreeOfParallelism = threads });
            loader.StartEpoch(2);
            float[] pixels = new float[16 * 81];
            loader.Fill(2, 3, pixels, new int[16]);
            return pixels;
        }

        Assert.Equal(Batch(1), Batch(4));
    }

    [Fact]
    public void Bad_settings_are_user_errors()
    {
        var data = Ramp(3, 1, 4);
        Assert.Contains("fewer than one batch", Assert.Throws<Numerics.MemfluxException>(() => new BatchLoader(data, 4, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("crop padding", Assert.Throws<Numerics.MemfluxException>(() => new BatchLoader(data, 2, 0, new Augmentation { CropPadding = -1 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_idx_dataset_converts_to_labelled_images_without_copying_pixels()
    {
        string dir = Directory.CreateTempSubdirectory("memflux-data-").FullName;
        try
        {
            byte[] images = [.. Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)(i * 4))];
            File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte"), IdxWriter.Serialize([3, 4, 5], images, gzip: false));
            File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte"), IdxWriter.Serialize([3], [2, 0, 9], gzip: false));
            var dataset = Dataset.Load(dir, "train");
            var labelled = dataset.ToLabeledImages();
            Assert.Same(dataset.Images.Float32Array, labelled.Pixels);
            Assert.Equal([2, 0, 9], labelled.Labels);
            Assert.Equal((1, 4, 5, 10), (labelled.Channels, labelled.Height, labelled.Width, labelled.Classes));
            Assert.Contains("label 9", Assert.Throws<Numerics.MemfluxException>(() => dataset.ToLabeledImages(classes: 5)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // The (dy, dx) for which output(y, x) = input(y + dy, x') with zeros outside (x' = x + dx, or mirrored), or null.
    private static (int, int)? FindShift(float[] input, float[] output, int channels, int size, bool flip)
    {
        for (int dy = -2; dy <= 2; dy++)
        {
            for (int dx = -2; dx <= 2; dx++)
            {
                bool match = true;
                for (int c = 0; c < channels && match; c++)
                {
                    for (int y = 0; y < size && match; y++)
                    {
                        for (int x = 0; x < size && match; x++)
                        {
                            int sy = y + dy, sx = (flip ? size - 1 - x : x) + dx;
                            float expected = sy >= 0 && sy < size && sx >= 0 && sx < size ? input[(c * size * size) + (sy * size) + sx] : 0f;
                            match = output[(c * size * size) + (y * size) + x] == expected;
                        }
                    }
                }

                if (match)
                {
                    return (dy, dx);
                }
            }
        }

        return null;
    }
}
