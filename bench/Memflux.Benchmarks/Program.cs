using BenchmarkDotNet.Running;
using Memflux.Benchmarks;

if (args.Length > 0 && args[0] == "quick")
{
    int[] sizes = args.Length > 1 ? [.. args.Skip(1).Select(int.Parse)] : [256, 1024, 2048];
    QuickGemm.Run(sizes);
    QuickGemm.RunConv();
    return;
}

if (args.Length > 0 && args[0] == "cost")
{
    QuickCost.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(GemmBenchmarks).Assembly).Run(args);
