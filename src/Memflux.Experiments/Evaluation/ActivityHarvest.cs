using Memflux.Chip.Analog;
using Memflux.Cost;
using Memflux.Graph;
using Memflux.Numerics;
using Memflux.Tiles;

namespace Memflux.Experiments;

/// <summary>
/// Collects the input activity every chip of an evaluation measured (<see cref="AnalogMatrix.InputActivity"/>), per
/// analog layer, and turns it into energy per inference on a chip spec (<see cref="DataDependentEnergy"/>). A chip's
/// counts are taken when the next chip is created (before that one is built, so no two chips are held for it) and at
/// the end; the graph of the last chip gives the network to estimate.
/// </summary>
internal sealed class ActivityHarvest
{
    private readonly Dictionary<string, InputActivity> _byLayer = new(StringComparer.Ordinal);
    private AnalogChip? _pending;
    private ComputeGraph? _graph;

    /// <summary><paramref name="create"/>, harvesting the previous chip first.</summary>
    public Func<ComputeGraph, int, AnalogChip> Wrap(Func<ComputeGraph, int, AnalogChip> create) => (graph, index) =>
    {
        Harvest();
        _graph = graph;
        var chip = create(graph, index);
        _pending = chip;
        return chip;
    };

    /// <summary>
    /// Energy per inference from the activity harvested so far, on the chips <paramref name="estimate"/> estimates the
    /// evaluated graph at its batch on.
    /// </summary>
    public DataDependentEnergy Energy(Func<ComputeGraph, int, CostEstimate> estimate)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        Harvest();
        var graph = _graph ?? throw new MemfluxException("eval: no chip was evaluated, so there is no activity to charge.");
        int batch = graph.Inputs.Count > 0 && graph.Inputs[0].Shape is { Rank: > 0 } shape ? shape[0] : 1;
        var mean = _byLayer.Where(p => p.Value.Values > 0).ToDictionary(p => p.Key, p => Math.Clamp(p.Value.MeanFraction, 0, 1), StringComparer.Ordinal);
        return DataDependentEnergy.Of(estimate(graph, batch), mean);
    }

    private void Harvest()
    {
        if (_pending is not { } chip)
        {
            return;
        }

        foreach (var layer in chip.Layers)
        {
            var sum = _byLayer.GetValueOrDefault(layer.Key);
            foreach (var matrix in layer.Matrices)
            {
                sum += matrix.InputActivity;
            }

            _byLayer[layer.Key] = sum;
        }

        _pending = null;
    }
}
