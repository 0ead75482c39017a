using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Memflux.Chip.Compiler;
using Memflux.Chip.Hardware;
using Memflux.Graph.Passes;
using Memflux.Onnx;
using Memflux.TestSupport;

namespace Memflux.Cost.Tests;

/// <summary>
/// Every figure of the estimate (placement, simulated and closed-form timing, energy, area, programming, baseline, the
/// busy trace) on varied configurations, pinned bit for bit to the outputs recorded in Pinned/estimates.txt. The file was
/// written by the implementation before the dataflow simulator and compile were sped up for design sweeps (issue 17),
/// so a faster implementation must reproduce the old one exactly (rewritten once by that implementation, a738702, with
/// <see cref="Chip.Compiler.TrimReplicasPass"/> added, which changes 10 configurations' copies). Rewrite it (only when a figure is meant to change)
/// with <c>MEMFLUX_UPDATE_SNAPSHOTS=1</c>.
/// </summary>
public class PinnedEstimateTests
{
    private static readonly string PinnedFile = RepositoryPaths.Combine("tests", "Memflux.Cost.Tests", "Pinned", "estimates.txt");

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    [Fact]
    public void Every_estimate_figure_matches_the_pinned_outputs()
    {
        var lines = Configurations().Select(c => c.Name + "\t" + Describe(c.Estimate(null))).ToList();
        if (Environment.GetEnvironmentVariable("MEMFLUX_UPDATE_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PinnedFile)!);
            File.WriteAllLines(PinnedFile, lines);
        }

        AssertPinned(lines);
    }

    [Fact]
    public void Timings_shared_across_estimates_give_the_pinned_outputs()
    {
        // Twice through one cache: the first pass shares what chips with equal timing inputs have in common (ADC bits
        // do not change the timing), the second takes every timing from the cache.
        var cache = new TimingCache();
        var configurations = Configurations().ToList();
        var first = configurations.Select(c => c.Name + "\t" + Describe(c.Estimate(cache))).ToList();
        long firstHits = cache.Hits;
        var second = configurations.Select(c => c.Name + "\t" + Describe(c.Estimate(cache))).ToList();
        AssertPinned(first);
        AssertPinned(second);
        Assert.True(firstHits > 0, "no estimate of the first pass shared a timing");
        Assert.True(cache.Hits - firstHits >= configurations.Count - 4, $"{cache.Hits - firstHits} of {configurations.Count} timings of the second pass came from the cache"); // the 4 traced ones never do
    }

    private static void AssertPinned(List<string> lines)
    {
        var pinned = File.ReadAllLines(PinnedFile);
        Assert.Equal(pinned.Length, lines.Count);
        for (int i = 0; i < lines.Count; i++)
        {
            if (pinned[i] != lines[i])
            {
                Assert.Fail($"configuration {i} differs from the pinned output:\npinned: {pinned[i]}\nnow:    {lines[i]}");
            }
        }
    }

    private sealed record Configuration(string Name, Func<TimingCache?, CostEstimate> Estimate);

    private static IEnumerable<Configuration> Configurations()
    {
        var specs = new (string Name, ChipSpec Spec)[]
        {
            ("hermes", ChipPresets.Hermes),
            ("isaac", ChipPresets.Isaac),
            ("hermes-4phase", ChipPresets.Hermes4Phase),
            ("generic-rram", ChipPresets.GenericRram),
            ("hermes-64x128-adc4", Hermes(64, 128, 4)),
            ("hermes-512x64-adc10", Hermes(512, 64, 10)),
            ("hermes-128x512-adc6", Hermes(128, 512, 6)),
        };
        ChipCount?[] chipCounts = [null, ChipCount.Exactly(1), ChipCount.Exactly(2), ChipCount.Exactly(3), ChipCount.Exactly(7), ChipCount.Exactly(16), ChipCount.Auto];
        foreach (string model in (string[])["fashion-cnn", "mnist-lenet5", "fashion-mlp"])
        {
            foreach (int batch in (int[])[1, 3])
            {
                var profile = Profile(model, batch);
                foreach (var (specName, spec) in specs)
                {
                    var chip = new ChipModel(spec);
                    foreach (var chips in chipCounts)
                    {
                        if (batch == 3 && chips is { IsAuto: false, Count: > 3 })
                        {
                            continue;
                        }

                        yield return new Configuration($"{model} batch {batch} on {specName} × {chips?.ToString() ?? "spec"}", cache => CostEstimator.Estimate(profile, chip, batch, chips: chips, timings: cache));
                    }
                }
            }
        }

        var cnn = Profile("fashion-cnn", 2);
        foreach (var chips in (ChipCount[])[ChipCount.Exactly(1), ChipCount.Exactly(4)])
        {
            var system = SystemCompiler.Compile(cnn, new ChipModel(ChipPresets.Hermes), chips, replicate: true);
            yield return new Configuration($"fashion-cnn batch 2 on hermes × {chips}, traced", cache => CostEstimator.Estimate(system, 2, new SimulationOptions(RecordTrace: true), cache));
            yield return new Configuration($"fashion-cnn batch 2 on hermes × {chips}, per image, traced", cache => CostEstimator.Estimate(system, 2, new SimulationOptions(RecordTrace: true, PerImage: true), cache));
            var plain = SystemCompiler.Compile(cnn, new ChipModel(Hermes(64, 64, 8)), chips, replicate: false);
            yield return new Configuration($"fashion-cnn batch 2 on hermes-64x64-adc8 × {chips}, not replicated", cache => CostEstimator.Estimate(plain, 2, timings: cache));
        }

        // Small made-up chips: contention on few links and cores, and digital work on a host.
        var chain = TestChips.Chain((16, 6, 3), (16, 5, 9), (16, 6, 2), (16, 4, 4));
        foreach (double gbps in (double[])[0.1, 1, 100])
        {
            var model = new ChipModel(TestChips.WithSystem(TestChips.Small(cores: 1, meshRows: 1, meshCols: 1, tilesPerCore: 2, linkGbps: 100), linkGbps: gbps));
            yield return new Configuration($"chain on one-core chips, {gbps} Gb/s links", cache => CostEstimator.Estimate(chain, model, 4, replicate: false, chips: ChipCount.Auto, timings: cache));
        }

        var graph = TestChips.Graph([(16, 6, 1), (8, 6, 4), (8, 6, 1), (16, 6, 2)], [(0, 1, 600), (0, 2, 300), (1, 3, 200), (2, 3, 100)]);
        foreach (bool host in (bool[])[false, true])
        {
            var chip = TestChips.WithSystem(TestChips.Small(cores: 4, meshRows: 2, meshCols: 2, tilesPerCore: 2, linkGbps: 3));
            var system = chip.System! with { Chips = ChipCount.Auto };
            if (host)
            {
                system = system with
                {
                    DigitalWork = SystemSpec.HostDigitalWork,
                    Host = new HostSpec(new ChipLinkSpec(4, 500, 5, 0.3, "[t] link"), 2, 70, "[t] host"),
                };
            }

            var model = new ChipModel(chip with { System = system });
            yield return new Configuration($"diamond on small chips, host {host}", cache => CostEstimator.Estimate(graph, model, 3, chips: ChipCount.Exactly(2), timings: cache));
        }
    }

    private static NetworkProfile Profile(string model, int batch) =>
        NetworkProfileBuilder.Build(OnnxImporter.Load(RepositoryPaths.Combine("models", model + ".onnx"), new ImportOptions { BatchSize = batch, Pipeline = PassPipeline.Default }), batch);

    // A variant of hermes as `memflux bench --sweep` writes them (tile rows × columns, ADC bits), parsed and validated.
    private static ChipSpec Hermes(int rows, int cols, int adcBits)
    {
        var spec = JsonNode.Parse(ChipPresets.Json("hermes"), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        spec["core"]!["tiles"]!["rows"] = rows;
        spec["core"]!["tiles"]!["cols"] = cols;
        spec["core"]!["adc"]!["bits"] = adcBits;
        return ChipSpecLoader.Parse(spec.ToJsonString(), $"hermes-{rows}x{cols}-adc{adcBits}");
    }

    /// <summary>Every figure of <paramref name="e"/> as one line (doubles as System.Text.Json writes them: shortest round trip).</summary>
    private static string Describe(CostEstimate e)
    {
        var placement = new StringBuilder();
        foreach (var chip in e.System.Chips)
        {
            placement.Append('[');
            foreach (var layer in chip.Layers)
            {
                placement.Append(CultureInfo.InvariantCulture, $"{layer.RowBlocks}x{layer.ColumnBlocks}r{layer.Replicas}:{string.Join(',', layer.Cores.Select(s => $"{s.Core}/{s.Tiles}"))};");
            }

            placement.Append(string.Join(';', chip.Flows.Select(f => JsonSerializer.Serialize(f, Json)))).Append(']');
        }

        placement.Append(string.Join(';', e.System.Flows.Select(f => JsonSerializer.Serialize(f, Json))));
        var figures = new JsonObject
        {
            ["placement"] = placement.ToString(),
            ["timing"] = Timing(e.Timing),
            ["closed"] = Timing(e.ClosedForm),
            ["energy"] = JsonSerializer.SerializeToNode(e.Energy, Json),
            ["peak"] = JsonSerializer.SerializeToNode(e.Peak, Json),
            ["programming"] = JsonSerializer.SerializeToNode(e.Programming, Json),
            ["baseline"] = JsonSerializer.SerializeToNode(e.Baseline, Json),
            ["analog"] = JsonSerializer.SerializeToNode(e.AnalogFrontEnd, Json),
            ["baseline_timing"] = JsonSerializer.SerializeToNode(e.BaselineTiming, Json),
            ["host"] = JsonSerializer.SerializeToNode(e.Host, Json),
            ["derived"] = JsonSerializer.SerializeToNode(new[] { e.EnergyPerInferenceJ, e.PowerW, e.AreaMm2, e.TopsPerWatt, e.BaselineRatio, e.Tops, e.PeakTops, e.Chips }, Json),
        };
        var timing = (JsonObject)figures["timing"]!;
        timing["Cores"] = Hash(timing["Cores"]!.ToJsonString(Json));
        var closed = (JsonObject)figures["closed"]!;
        closed["Cores"] = Hash(closed["Cores"]!.ToJsonString(Json));
        foreach (string key in (string[])["placement", "peak", "baseline"])
        {
            figures[key] = Hash(figures[key]!.ToJsonString(Json));
        }

        return figures.ToJsonString(Json);
    }

    // Long sections (a core per row, 64 cores a chip) are pinned by a 64-bit FNV-1a hash of their exact text.
    private static string Hash(string text)
    {
        ulong hash = 14695981039346656037;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211;
        }

        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }

    private static JsonNode Timing(DataflowTiming t)
    {
        var node = JsonSerializer.SerializeToNode(t with { Trace = null }, Json)!;
        if (t.Trace is { } trace)
        {
            // The intervals in the order granted, folded into one FNV-1a hash (there are thousands).
            ulong hash = 14695981039346656037;
            foreach (var i in trace.Intervals)
            {
                foreach (ulong v in (ulong[])[(ulong)i.Resource, (ulong)BitConverter.DoubleToInt64Bits(i.StartNs), (ulong)BitConverter.DoubleToInt64Bits(i.EndNs), (ulong)i.Image, (ulong)i.Unit])
                {
                    hash = (hash ^ v) * 1099511628211;
                }
            }

            node["trace"] = JsonSerializer.SerializeToNode(new { Resources = Hash(JsonSerializer.Serialize(trace.Resources, Json)), Intervals = trace.Intervals.Count, Hash = hash.ToString("x16", CultureInfo.InvariantCulture), trace.Bottleneck }, Json);
        }

        return node;
    }
}
