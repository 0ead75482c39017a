namespace Memflux.Training.Tests;

/// <summary>A separable synthetic image set: each class is a random template plus Gaussian-ish noise, pixels in [0, 1].</summary>
internal static class SyntheticData
{
    public static LabeledImages Make(int count, int classes, int size, int seed, float noise = 0.25f)
    {
        var templateRng = new Random(1234);
        int length = size * size;
        float[][] templates = [.. Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, length).Select(_ => templateRng.NextSingle()).ToArray())];
        var rng = new Random(seed);
        float[] pixels = new float[count * length];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            int label = rng.Next(classes);
            labels[i] = label;
            for (int j = 0; j < length; j++)
            {
                float n = (rng.NextSingle() + rng.NextSingle() + rng.NextSingle() - 1.5f) * noise * 2f;
                pixels[(i * length) + j] = Math.Clamp(templates[label][j] + n, 0f, 1f);
            }
        }

        return new LabeledImages(pixels, labels, 1, size, size, classes);
    }
}
