namespace Memflux.Numerics.Tests;

internal static class TestData
{
    /// <summary>Uniform values in [−1, 1) from a fixed seed.</summary>
    public static float[] Uniform(int seed, int length)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (2f * rng.NextSingle()) - 1f;
        }

        return x;
    }
}
