using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Numerics;

namespace Memflux.Cost.Tests;

/// <summary>
/// <see cref="TrimReplicasPass"/>: copies whose mesh traffic leaves a link the bottleneck are given back only when that
/// lowers the busiest resource, and the pass's bound is the simulated initiation interval when digital units are idle.
/// </summary>
public class TrimReplicasTests
{
    [Fact]
    public void Trimming_never_raises_the_bound_or_the_tiles_and_acts_only_when_a_link_is_the_bottleneck()
    {
        var rng = new Random(11);
        int trimmed = 0, linkBound = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            int rows = rng.Next(1, 5), cols = rng.Next(1, 6), perCore = rng.Next(1, 5);
            var spec = TestChips.Small(cores: rows * cols, meshRows: rows, meshCols: cols, tilesPerCore: perCore, digitalGops: 1e9, linkGbps: rng.Next(1, 40) / 4.0);
            var net = TestChips.Chain([.. Enumerable.Range(0, rng.Next(2, 6)).Select(_ => (rng.Next(1, 20), rng.Next(1, 15), (long)rng.Next(1, 300)))]);
            var model = new ChipModel(spec);
            CompilerState untrimmed;
            try
            {
                untrimmed = TestChips.Compile(net, model, trim: false);
            }
            catch (MemfluxException)
            {
                continue; // does not fit even once
            }

            var after = TestChips.Compile(net, model, trim: true);
            var (before, link) = TrimReplicasPass.Bound(untrimmed);
            var (now, _) = TrimReplicasPass.Bound(after);
            Assert.True(now <= before, $"trial {trial}: bound rose from {before} to {now}");
            Assert.True(after.Replicas!.Zip(untrimmed.Replicas!).All(p => p.First <= p.Second), $"trial {trial}: a layer gained copies");
            linkBound += link ? 1 : 0;
            if (!link)
            {
                Assert.Equal(untrimmed.Replicas, after.Replicas);
            }
            else if (now < before)
            {
                trimmed++;
                Assert.True(after.Utilisation!.TilesUsed < untrimmed.Utilisation!.TilesUsed);
            }
            else
            {
                Assert.Equal(untrimmed.Replicas, after.Replicas); // a trim that did not help is undone
            }

            // With idle digital units, the bound is the busiest resource of the simulation: its initiation interval.
            var timing = DataflowSimulator.Simulate(ChipCompiler.ToMapping(after), 1);
            Assert.Equal(now, timing.InitiationIntervalNs, 1e-6 * now);
        }

        Assert.True(linkBound > 20, $"only {linkBound} link-bound trials");
        Assert.True(trimmed > 0, "no trial was improved by trimming");
    }

    [Fact]
    public void The_compiler_runs_the_trim_only_when_it_replicates()
    {
        Assert.Contains(ChipCompiler.Passes(replicate: true), p => p is TrimReplicasPass);
        Assert.DoesNotContain(ChipCompiler.Passes(replicate: false), p => p is TrimReplicasPass);
    }
}
