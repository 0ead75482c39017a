using Memflux.Graph;

namespace Memflux.Chip.Analog;

/// <summary>
/// Which nodes of a graph go on crossbars: every Conv (2-D), Gemm and MatMul whose weight is a constant becomes an
/// <see cref="AnalogLayer"/> (not yet programmed); every other node runs digitally, with the reason. A layer with one
/// input per output (k = 1, such as the zoo models' input normalisation, a 1×1 depthwise Conv) is a per-channel scale:
/// a one-row crossbar would only add its output noise to it, so it runs in the digital periphery like the bias. The chip compiler
/// and cost model read the layers' matrix sizes from here without programming any device.
/// </summary>
/// <param name="Layers">Layers on crossbars, in graph order.</param>
/// <param name="DigitalNodes">Nodes that run digitally.</param>
public sealed record AnalogMapping(IReadOnlyList<AnalogLayer> Layers, IReadOnlyList<DigitalNode> DigitalNodes)
{
    /// <summary>Maps every node of <paramref name="graph"/>.</summary>
    public static AnalogMapping Map(ComputeGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var layers = new List<AnalogLayer>();
        var digital = new List<DigitalNode>();
        foreach (var node in graph.Nodes)
        {
            AnalogLayer? layer = node.OpType switch
            {
                "Conv" => AnalogConv.TryCreate(node),
                "Gemm" => AnalogGemm.TryCreate(node),
                "MatMul" => AnalogMatMul.TryCreate(node),
                _ => null,
            };
            if (layer is { Inputs: > 1 })
            {
                layers.Add(layer);
            }
            else
            {
                string reason = layer is not null ? "one input per output (e.g. a 1x1 depthwise normalisation): a digital scale, not an MVM"
                    : node.OpType is "Conv" or "Gemm" or "MatMul" && node.Inputs.Count > 1 && node.Inputs[0] is { Constant: null } && node.Inputs[1] is { Constant: null }
                        ? "both operands are computed at run time (an activation x activation product, such as attention): no weights to hold in crossbars"
                    : node.OpType is "Conv" or "Gemm" or "MatMul" ? "weight is not a constant 2-D matrix / 4-D kernel"
                    : "not a matrix operation";
                digital.Add(new DigitalNode(node.Describe(), node.OpType, reason));
            }
        }

        return new AnalogMapping(layers, digital);
    }
}

/// <summary>A node that runs digitally on the chip, and why.</summary>
/// <param name="Description">The node as reports name it.</param>
/// <param name="OpType">Its op type.</param>
/// <param name="Reason">Why it is not on crossbars.</param>
public sealed record DigitalNode(string Description, string OpType, string Reason);
