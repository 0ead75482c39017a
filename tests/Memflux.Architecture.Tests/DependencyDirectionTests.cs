using System.Xml.Linq;

namespace Memflux.Architecture.Tests;

/// <summary>Dependencies point one way: Numerics ← (Graph, Data) ← Onnx ← … ← Cli. A reference back up fails here.</summary>
public class DependencyDirectionTests
{
    // Layer of each source project: a project may reference only projects of a strictly lower layer.
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Memflux.Numerics"] = 0,
        ["Memflux.Data"] = 1,
        ["Memflux.Graph"] = 1,
        ["Memflux.Devices"] = 1,
        ["Memflux.Report"] = 1,
        ["Memflux.Onnx"] = 2,
        ["Memflux.Tiles"] = 2,
        ["Memflux.Training"] = 3,
        ["Memflux.Chip"] = 3,
        ["Memflux.Cost"] = 4,
        ["Memflux.Experiments"] = 5,
        ["Memflux.Sweeps"] = 6,
        ["Memflux.Cli"] = 9,
    };

    // Packages only one source project may use, so a format or oracle stays behind one door.
    private static readonly Dictionary<string, string[]> PackageOwners = new(StringComparer.Ordinal)
    {
        ["OnnxSharp"] = ["Memflux.Onnx"],
        ["Google.Protobuf"] = ["Memflux.Onnx"],
        ["Microsoft.ML.OnnxRuntime"] = ["Memflux.Cli"],
        ["System.CommandLine"] = ["Memflux.Cli"],
        ["Spectre.Console"] = ["Memflux.Cli"],
        ["SixLabors.ImageSharp"] = ["Memflux.Data"],
        ["ScottPlot"] = ["Memflux.Report"],
        ["Microsoft.Data.Sqlite"] = ["Memflux.Sweeps"],
    };

    public static TheoryData<string> SourceProjects()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(Path.Combine(RepoRoot(), "src")))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Project_references_point_down_the_pipeline(string project)
    {
        Assert.True(Layers.TryGetValue(project, out int layer), $"{project} has no layer in DependencyDirectionTests.Layers; add it there and to ARCHITECTURE.md.");
        foreach (string reference in Items(project, "ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))))
        {
            Assert.Null(Violation(project, reference));
        }
    }

    [Theory]
    [MemberData(nameof(SourceProjects))]
    public void Format_and_oracle_packages_stay_in_their_project(string project)
    {
        foreach (string package in Items(project, "PackageReference"))
        {
            if (PackageOwners.TryGetValue(package, out var owners))
            {
                Assert.True(owners.Contains(project), $"{project} must not reference {package}; only {string.Join(", ", owners)} may.");
            }
        }
    }

    [Theory]
    [InlineData("Memflux.Graph", "Memflux.Onnx")]
    [InlineData("Memflux.Numerics", "Memflux.Graph")]
    [InlineData("Memflux.Onnx", "Memflux.Cli")]
    [InlineData("Memflux.Graph", "Memflux.Data")]
    [InlineData("Memflux.Graph", "Memflux.Unknown")]
    [InlineData("Memflux.Experiments", "Memflux.Cli")]
    public void The_rule_rejects_backward_sideways_and_unknown_references(string project, string reference) =>
        Assert.NotNull(Violation(project, reference));

    [Fact]
    public void The_rule_accepts_a_downward_reference() => Assert.Null(Violation("Memflux.Onnx", "Memflux.Graph"));

    [Fact]
    public void The_cli_may_use_the_experiment_layer() => Assert.Null(Violation("Memflux.Cli", "Memflux.Experiments"));

    private static string? Violation(string project, string reference)
    {
        if (!Layers.TryGetValue(reference, out int target))
        {
            return $"{project} references unknown project {reference}.";
        }

        int layer = Layers[project];
        return target < layer ? null : $"{project} (layer {layer}) must not reference {reference} (layer {target}): dependencies point from the CLI down to Numerics.";
    }

    private static IEnumerable<string> Items(string project, string itemType)
    {
        string path = Path.Combine(RepoRoot(), "src", project, project + ".csproj");
        return XDocument.Load(path).Descendants(itemType).Select(e => (string?)e.Attribute("Include") ?? "").Where(s => s.Length > 0);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Memflux.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Memflux.slnx not found above " + AppContext.BaseDirectory);
    }
}
