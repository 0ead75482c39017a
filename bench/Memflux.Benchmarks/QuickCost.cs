using System.Diagnostics;
using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Cost;

namespace Memflux.Benchmarks;

/// <summary>
/// A Stopwatch harness for the cost model (`-- cost`): best of several runs of ResNet18 import + compile + estimate,
/// and estimate evaluations per second of fashion-cnn on each preset (profiled once, as a design sweep would).
/// </summary>
internal static class QuickCost
{
    public static void Run()
    {
        string resnet = CostModels.ResNet18Path;
        double import = double.MaxValue, compile = double.MaxValue;
        for (int i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            var graph = CostModels.Import(resnet, 1);
            double t1 = sw.Elapsed.TotalSeconds;
            var e = CostEstimator.Estimate(graph, 1, ChipPresets.Isaac);
            import = Math.Min(import, t1);
            compile = Math.Min(compile, sw.Elapsed.TotalSeconds - t1);
            GC.KeepAlive(e);
        }

        Console.WriteLine($"ResNet18 on isaac: import {import * 1e3:F1} ms, compile + estimate {compile * 1e3:F1} ms, total {(import + compile) * 1e3:F1} ms (best of 5)");
        var fashion = NetworkProfileBuilder.Build(CostModels.Import(CostModels.Zoo("fashion-cnn"), 1), 1);
        foreach (string name in ChipPresets.Names)
        {
            var model = new ChipModel(ChipPresets.Get(name));
            for (int i = 0; i < 50; i++)
            {
                CostEstimator.Estimate(fashion, model, 1);
            }

            double best = 0;
            for (int round = 0; round < 3; round++)
            {
                int n = 0;
                var sw = Stopwatch.StartNew();
                while (sw.Elapsed.TotalSeconds < 1)
                {
                    CostEstimator.Estimate(fashion, model, 1);
                    n++;
                }

                best = Math.Max(best, n / sw.Elapsed.TotalSeconds);
            }

            Console.WriteLine($"fashion-cnn on {name}: {best:F0} estimates/s");
        }
    }
}
