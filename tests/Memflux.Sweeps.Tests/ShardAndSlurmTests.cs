using Memflux.Numerics;

namespace Memflux.Sweeps.Tests;

public class ShardAndSlurmTests
{
    [Fact]
    public void Shards_partition_the_points()
    {
        var shards = Enumerable.Range(0, 3).Select(i => Shard.Parse($"{i}/3", "--shard")).ToArray();
        for (int point = 0; point < 20; point++)
        {
            Assert.Single(shards, s => s.Contains(point));
        }
    }

    // A skewed sweep: an accuracy point (times × seeds × samples) every fourth point, estimate-only points between.
    private static IReadOnlyList<SweepPoint> SkewedPoints() =>
        SweepSpec.Parse("""{ "experiment": { "m": "x" }, "axes": { "a": [1, 2, 3, 4, 5, 6, 7, 8, 9], "accuracy": [true, false, false, false] } }""", "s.json", _ => "")
            .Expand("test", e => e);

    private static double SkewedCost(SweepPoint p) => p.Settings["accuracy"]!.GetValue<bool>() ? 1000 + (10 * p.Settings["a"]!.GetValue<int>()) : 1;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Cost_balanced_shards_partition_the_points(int count)
    {
        var points = SkewedPoints();
        var seen = new List<int>();
        foreach (int i in Enumerable.Range(0, count))
        {
            var mine = new Shard(i, count).Select(points, SkewedCost);
            Assert.Equal(mine.OrderBy(p => p.Index), mine); // in sweep order
            seen.AddRange(mine.Select(p => p.Index));
        }

        Assert.Equal(Enumerable.Range(0, points.Count), seen.Order());
    }

    [Fact]
    public void Cost_balanced_shards_even_out_a_skewed_sweep_that_round_robin_does_not()
    {
        var points = SkewedPoints();
        double[] costs = [.. points.Select(SkewedCost)];
        double Largest(Func<int, int> shardOf) => Enumerable.Range(0, 4).Max(s => Enumerable.Range(0, costs.Length).Where(i => shardOf(i) == s).Sum(i => costs[i]));

        // By index, every accuracy point (index ≡ 0 mod 4) lands on shard 0.
        double byIndex = Largest(i => points[i].Index % 4);
        var balanced = Shard.Balance(costs, 4);
        double byCost = Largest(i => balanced[i]);
        double lowerBound = Math.Max(costs.Sum() / 4, costs.Max());
        Assert.Equal(costs.Where(c => c > 1).Sum(), byIndex);
        Assert.True(byCost <= lowerBound * 4 / 3, $"largest shard {byCost}, lower bound {lowerBound}");
        Assert.True(byCost < byIndex / 2, $"largest shard {byCost} by cost, {byIndex} by index");
        Assert.Equal(balanced, Shard.Balance(costs, 4)); // every shard's process computes the same
    }

    [Fact]
    public void Equal_costs_are_assigned_round_robin_as_by_index()
    {
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i % 3), Shard.Balance([.. Enumerable.Repeat(5.0, 11)], 3));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => i % 3), Shard.Balance([.. Enumerable.Repeat(0.0, 11)], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Shard.Balance([1, double.NaN], 2));
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("-1/3")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/b")]
    [InlineData("1/2/3")]
    public void Bad_shards_are_errors_naming_the_option(string text) =>
        Assert.Contains("--shard", Assert.Throws<MemfluxException>(() => Shard.Parse(text, "--shard")).Message, StringComparison.Ordinal);

    [Fact]
    public void Slurm_array_variables_give_the_shard()
    {
        Assert.Null(Shard.FromSlurm(_ => null));
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_COUNT"] = "4" };
        Assert.Equal(new Shard(2, 4), Shard.FromSlurm(k => env.GetValueOrDefault(k)));
        env["SLURM_ARRAY_TASK_ID"] = "4";
        Assert.Throws<MemfluxException>(() => Shard.FromSlurm(k => env.GetValueOrDefault(k)));
    }

    [Fact]
    public void The_script_quotes_paths_and_refuses_directives_that_could_inject_lines()
    {
        string script = SlurmScript.Write(["/opt/memflux it's"], "/data/my sweep.json", "/out", new SlurmScript.Options(4, "debug", "01:00:00", 2));
        Assert.Contains("#SBATCH --array=0-3\n", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --partition=debug\n", script, StringComparison.Ordinal);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", script, StringComparison.Ordinal);
        Assert.Contains("exec '/opt/memflux it'\\''s' sweep '/data/my sweep.json' --shard \"$SLURM_ARRAY_TASK_ID\"/4 -o '/out/shard-'\"$SLURM_ARRAY_TASK_ID\".db", script, StringComparison.Ordinal);
        Assert.Throws<MemfluxException>(() => SlurmScript.Write(["m"], "s", "/o", new SlurmScript.Options(1, "debug\n#SBATCH --uid=0")));
    }
}
