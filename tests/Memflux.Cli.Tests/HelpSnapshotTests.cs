namespace Memflux.Cli.Tests;

public class HelpSnapshotTests
{
    [Theory]
    [InlineData("root", new string[0])]
    [InlineData("run", new[] { "run" })]
    [InlineData("inspect", new[] { "inspect" })]
    [InlineData("verify", new[] { "verify" })]
    [InlineData("bench", new[] { "bench" })]
    [InlineData("train", new[] { "train" })]
    [InlineData("accuracy", new[] { "accuracy" })]
    [InlineData("eval", new[] { "eval" })]
    [InlineData("hw", new[] { "hw" })]
    [InlineData("hw-show", new[] { "hw", "show" })]
    [InlineData("hw-validate", new[] { "hw", "validate" })]
    [InlineData("compile", new[] { "compile" })]
    [InlineData("estimate", new[] { "estimate" })]
    public void Help_matches_snapshot(string name, string[] verb)
    {
        var result = Cli.Run([.. verb, "--help"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Err);
        Snapshot.Matches($"{name}.help.txt", result.Out);
    }
}
