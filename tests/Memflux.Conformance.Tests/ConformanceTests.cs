using System.Text;
using Memflux.TestSupport;

namespace Memflux.Conformance.Tests;

/// <summary>
/// Runs every test of each ONNX backend suite and compares the outcomes with <c>Expected/SUITE.tsv</c> (test name, tab,
/// "pass" or the reason it does not pass). A test that passed and now fails, or one recorded as failing that now
/// passes, fails this test: the file is the record of what Memflux supports, and README's table is made from it.
/// Set MEMFLUX_UPDATE_CONFORMANCE=1 to rewrite the files (and docs/conformance.md) from the current outcomes.
/// </summary>
public class ConformanceTests
{
    public const string UpdateVariable = "MEMFLUX_UPDATE_CONFORMANCE";

    public static TheoryData<string> Suites => ["node", "pytorch-converted", "pytorch-operator", "simple"];

    [Theory]
    [MemberData(nameof(Suites))]
    public void Suite_outcomes_match_the_record(string suite)
    {
        string directory = Path.Combine(OnnxBackendData.Directory, suite);
        var tests = Directory.GetDirectories(directory).Order(StringComparer.Ordinal).ToList();
        var outcomes = new Outcome[tests.Count];
        Parallel.For(0, tests.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => outcomes[i] = ConformanceRunner.Run(tests[i]));

        string actual = string.Concat(outcomes.Select(o => $"{o.Name}\t{o.Result}\n"));
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(RepositoryPaths.Combine("tests", "Memflux.Conformance.Tests", "Expected", suite + ".tsv"), actual);
            ConformanceReport.Write();
            return;
        }

        string path = Path.Combine(AppContext.BaseDirectory, "Expected", suite + ".tsv");
        Assert.True(File.Exists(path), $"{path} is missing; run the tests with {UpdateVariable}=1 to create it.");
        var expected = File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var differences = new StringBuilder();
        foreach (var o in outcomes)
        {
            string was = expected.GetValueOrDefault(o.Name, "(not recorded)");
            if (was != o.Result)
            {
                differences.AppendLine($"{o.Name}: recorded '{was}', now '{o.Result}'");
            }
        }

        foreach (string name in expected.Keys.Except(outcomes.Select(o => o.Name)))
        {
            differences.AppendLine($"{name}: recorded but no longer in the suite");
        }

        Assert.True(differences.Length == 0, $"{suite}: outcomes differ from the record (if intended, rerun with {UpdateVariable}=1 and review the diff):\n{differences}");
    }
}
