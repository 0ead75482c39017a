// Sample 03: import an ONNX model, compile it onto a system of chips and estimate its cost.
//
// Imports the model (static shapes, batch 1, the default passes: BatchNorm folded, constants folded), compiles it onto
// as many chips of the hardware preset as it needs (partition into tiles, place on cores, replicate), runs the
// pipelined dataflow simulation and the energy model, and prints what `memflux estimate` prints in its summary.
//
//   dotnet run --project samples/03-import-compile-estimate -c Release -- models/fashion-cnn.onnx hermes
using System.Globalization;
using Memflux.Chip.Hardware;
using Memflux.Cost;
using Memflux.Graph.Passes;
using Memflux.Onnx;

string model = args.Length > 0 ? args[0] : Path.Combine("models", "fashion-cnn.onnx");
string hardware = args.Length > 1 ? args[1] : "hermes";

var graph = OnnxImporter.Load(model, new ImportOptions { BatchSize = 1, Pipeline = PassPipeline.Default });
var spec = ChipPresets.Resolve(hardware);
var estimate = CostEstimator.Estimate(graph, batch: 1, spec, ChipCount.Auto);

var c = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(c, $"{Path.GetFileName(model)} on {spec.Name}: {graph.Nodes.Count} nodes, {estimate.System.Network.MacsPerImage:N0} MACs per image"));
Console.WriteLine(string.Create(c, $"chips               {estimate.Chips}"));
Console.WriteLine(string.Create(c, $"latency             {estimate.Timing.LatencyNs / 1e3:F3} µs"));
Console.WriteLine(string.Create(c, $"throughput          {estimate.Timing.ThroughputIps:E4} inferences/s (bottleneck: {estimate.Timing.Bottleneck})"));
Console.WriteLine(string.Create(c, $"energy/inference    {estimate.EnergyPerInferenceJ * 1e6:F4} µJ"));
Console.WriteLine(string.Create(c, $"TOPS/W              {estimate.TopsPerWatt:F3}"));
Console.WriteLine(string.Create(c, $"area                {estimate.AreaMm2:F2} mm²"));
Console.WriteLine(string.Create(c, $"digital baseline    {estimate.Baseline.EnergyJ * 1e6:F4} µJ/inference ({estimate.BaselineRatio:F2}× the analog energy)"));
foreach (var part in estimate.Energy)
{
    Console.WriteLine(string.Create(c, $"  {part.Name,-20} {part.EnergyJ * 1e6:F4} µJ"));
}
