using System.Text.RegularExpressions;
using Memflux.Graph.Execution;
using Memflux.Graph.Passes;
using Memflux.Numerics;
using Memflux.Onnx;

namespace Memflux.Conformance.Tests;

/// <summary>The outcome of one backend test: "pass", or the reason it does not pass, grouped for the README.</summary>
internal sealed record Outcome(string Name, string Result)
{
    public bool Passed => Result == Pass;

    public const string Pass = "pass";
}

/// <summary>
/// Runs one ONNX backend test: imports <c>model.onnx</c> with the default passes (as <c>verify</c> does), feeds each
/// <c>test_data_set_*/input_k.pb</c> to the k-th graph input (input shapes from the data), runs the reference executor
/// and compares with <c>output_k.pb</c> within ONNX's backend-test tolerance (rtol 1e-3, atol 1e-7). A model whose shapes
/// depend on input data (a Reshape to a shape given as an input) is imported again specialised to those values.
/// </summary>
internal static partial class ConformanceRunner
{
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-7;

    public static Outcome Run(string testDirectory)
    {
        string name = Path.GetFileName(testDirectory);
        try
        {
            string model = Path.Combine(testDirectory, "model.onnx");
            var sets = System.IO.Directory.GetDirectories(testDirectory, "test_data_set_*").Order(StringComparer.Ordinal).ToList();
            if (sets.Count == 0)
            {
                return new Outcome(name, "no test data");
            }

            byte[] bytes = File.ReadAllBytes(model);
            foreach (string set in sets)
            {
                if (RunSet(bytes, model, set) is { } failure)
                {
                    return new Outcome(name, failure);
                }
            }

            return new Outcome(name, Outcome.Pass);
        }
        catch (MemfluxException e)
        {
            return new Outcome(name, Classify(e.Message));
        }
        catch (Exception e)
        {
            return new Outcome(name, $"internal error: {e.GetType().Name}");
        }
    }

    private static string? RunSet(byte[] bytes, string model, string set)
    {
        var proto = OnnxImporter.Parse(bytes, model).Graph;
        if (proto.Input.Concat(proto.Output).Any(v => v.Type?.TensorType is null))
        {
            return "sequence/map/optional values";
        }

        var names = proto.Input.Select(i => i.Name).Where(n => !proto.Initializer.Any(t => t.Name == n)).ToList();
        var inputs = ReadNumbered(set, "input");
        var expected = ReadNumbered(set, "output");
        if (names.Count != inputs.Count)
        {
            return $"test data has {inputs.Count} inputs, the graph {names.Count}";
        }

        var feeds = names.Zip(inputs).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var shapes = feeds.ToDictionary(p => p.Key, p => p.Value.Shape.Dimensions.ToArray(), StringComparer.Ordinal);
        Graph.ComputeGraph graph;
        try
        {
            graph = OnnxImporter.Load(bytes, model, new ImportOptions { Pipeline = PassPipeline.Default, InputShapes = shapes });
        }
        catch (MemfluxException e) when (e.Message.Contains("computed at run time", StringComparison.Ordinal) || e.Message.Contains("data-dependent", StringComparison.Ordinal))
        {
            graph = OnnxImporter.Load(bytes, model, new ImportOptions { Pipeline = PassPipeline.Default, InputShapes = shapes, InputValues = feeds });
        }

        var actual = new ReferenceExecutor(graph).Run(feeds);
        if (expected.Count != graph.Outputs.Count)
        {
            return $"test data has {expected.Count} outputs, the graph {graph.Outputs.Count}";
        }

        for (int k = 0; k < expected.Count; k++)
        {
            if (Mismatch(expected[k], actual[graph.Outputs[k].Name]) is { } why)
            {
                return $"wrong result: output {k} {why}";
            }
        }

        return null;
    }

    private static List<Tensor> ReadNumbered(string set, string prefix)
    {
        var list = new List<Tensor>();
        for (int k = 0; File.Exists(Path.Combine(set, $"{prefix}_{k}.pb")); k++)
        {
            list.Add(OnnxTensorFile.Read(Path.Combine(set, $"{prefix}_{k}.pb")));
        }

        return list;
    }

    private static string? Mismatch(Tensor expected, Tensor actual)
    {
        if (expected.Type != actual.Type)
        {
            return $"is {actual.Type}, expected {expected.Type}";
        }

        if (!expected.Shape.Equals(actual.Shape))
        {
            return $"has shape {actual.Shape}, expected {expected.Shape}";
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected.GetAsDouble(i), a = actual.GetAsDouble(i);
            bool same = a.Equals(e) || (double.IsNaN(a) && double.IsNaN(e));
            if (!same && !(Math.Abs(a - e) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(e))))
            {
                return $"[{i}] is {a}, expected {e}";
            }
        }

        return null;
    }

    /// <summary>Groups an error message into a reason: the unsupported op or type, the limitation, or the first words.</summary>
    private static string Classify(string message)
    {
        if (Domain().Match(message) is { Success: true } domain)
        {
            return $"unsupported domain {domain.Groups[1].Value}";
        }

        if (UnsupportedOp().Match(message) is { Success: true } op)
        {
            return $"unsupported op {op.Groups[1].Value}";
        }

        if (ElementType().Match(message) is { Success: true } type)
        {
            return $"unsupported element type {type.Groups[1].Value}";
        }

        if (message.Contains("is not a tensor (sequences, maps and optionals", StringComparison.Ordinal))
        {
            return "sequence/map/optional values";
        }

        if (message.Contains("computed at run time", StringComparison.Ordinal))
        {
            return "shape depends on run-time data";
        }

        string text = message.Contains(": ", StringComparison.Ordinal) ? message[(message.IndexOf(": ", StringComparison.Ordinal) + 2)..] : message;
        return "error: " + (text.Length > 100 ? text[..100] : text).ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"operator domain '([^']+)' is not supported")]
    private static partial Regex Domain();

    [GeneratedRegex(@"op type '([^']+)' of the default ONNX domain is not supported")]
    private static partial Regex UnsupportedOp();

    [GeneratedRegex(@"element type ([A-Z0-9_]+); supported")]
    private static partial Regex ElementType();
}
