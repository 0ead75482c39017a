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
