using Memflux.Graph.Ops;

namespace Memflux.Graph.Passes;

/// <summary>The ordered passes every imported graph goes through.</summary>
public sealed class PassPipeline
{
    /// <summary>Creates a pipeline from explicit passes.</summary>
    public PassPipeline(params IGraphPass[] passes) => Passes = passes;

    /// <summary>The passes, in order.</summary>
    public IReadOnlyList<IGraphPass> Passes { get; }

    /// <summary>Only shape inference: the graph as imported, with shapes.</summary>
    public static PassPipeline InferOnly { get; } = new(new ShapeInference());

    /// <summary>
    /// The optimizing pipeline with the default operators: shape inference, identity elimination, constant folding,
    /// batch-norm folding, dead-code elimination, and shape inference again to check the result.
    /// </summary>
    public static PassPipeline Default { get; } = CreateDefault();

    /// <summary>The <see cref="Default"/> pipeline with the operators of <paramref name="registry"/>.</summary>
    public static PassPipeline CreateDefault(OperatorRegistry? registry = null) => new(
        new ShapeInference(registry),
        new EliminateIdentity(),
        new ConstantFolding(registry),
        new FoldBatchNorm(),
        new DeadCodeElimination(),
        new ShapeInference(registry));

    /// <summary>Runs every pass once, in order; returns the names of the passes that changed the graph.</summary>
    public IReadOnlyList<string> Run(ComputeGraph graph)
    {
        var changed = new List<string>();
        foreach (var pass in Passes)
        {
            if (pass.Run(graph))
            {
                changed.Add(pass.Name);
            }
        }

        return changed;
    }
}
