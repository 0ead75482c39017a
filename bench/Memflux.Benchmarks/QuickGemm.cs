using System.Diagnostics;
using Memflux.Numerics;

namespace Memflux.Benchmarks;

/// <summary>
/// A Stopwatch harness for a quick look (`-- quick [sizes…]`): per size, warm up, then the best of several
/// repetitions for Memflux and for ORT, interleaved so both see the same machine load.
/// </summary>
internal static class QuickGemm
{
    public static void Run(int[] sizes)
    {
        Console.WriteLine($"{"N",6} {"Memflux GFLOP/s",16} {"ORT GFLOP/s",12} {"ratio",6}");
        foreach (int n in sizes)
        {
            var a = Data.Uniform(1, n * n);
            var b = Data.Uniform(2, n * n);
            var c = new float[n * n];
            var y = new float[n * n];
            using var ort = new OrtMatMul(a, b, y, n, n, n);
            double flops = 2.0 * n * n * n;
            int reps = Math.Max(3, (int)(2e10 / flops));
            double best = double.MaxValue, bestOrt = double.MaxValue;
            for (int round = 0; round < 5; round++)
            {
                best = Math.Min(best, Time(() => Gemm.Multiply(a, b, c, n, n, n), reps));
                bestOrt = Math.Min(bestOrt, Time(ort.Run, reps));
            }

            double max = 0;
            for (int i = 0; i < c.Length; i++)
            {
                max = Math.Max(max, Math.Abs(c[i] - y[i]));
            }

            double g = flops / best / 1e9, go = flops / bestOrt / 1e9;
            Console.WriteLine($"{n,6} {g,16:F1} {go,12:F1} {g / go,6:F2}   (max |Memflux − ORT| = {max:E1})");
        }
    }

    /// <summary>The ResNet-like 3×3 64→64 56×56 layer of <see cref="ConvBenchmarks"/>, Memflux vs ORT Conv.</summary>
    public static void RunConv()
    {
        var g = ConvBenchmarks.Geometry;
        var x = Data.Uniform(1, g.InputLength);
        var w = Data.Uniform(2, g.WeightLength);
        var bias = Data.Uniform(3, g.OutChannels);
        var y = new float[g.OutputLength];
        var yOrt = new float[g.OutputLength];
        using var ort = new OrtConv(g, x, w, bias, yOrt);
        double best = double.MaxValue, bestOrt = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            best = Math.Min(best, Time(() => Convolution.Conv2D(g, x, w, bias, y), 20));
            bestOrt = Math.Min(bestOrt, Time(ort.Run, 20));
        }

        double flops = 2.0 * g.Macs;
        double max = 0;
        for (int i = 0; i < y.Length; i++)
        {
            max = Math.Max(max, Math.Abs(y[i] - yOrt[i]));
        }

        Console.WriteLine($"Conv 3×3 64→64 56×56: Memflux {best * 1e3:F2} ms ({flops / best / 1e9:F1} GFLOP/s), ORT {bestOrt * 1e3:F2} ms ({flops / bestOrt / 1e9:F1} GFLOP/s), ratio {bestOrt / best:F2} (max |Δ| = {max:E1})");
    }

    private static double Time(Action action, int reps)
    {
        action();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++)
        {
            action();
        }

        return sw.Elapsed.TotalSeconds / reps;
    }
}
