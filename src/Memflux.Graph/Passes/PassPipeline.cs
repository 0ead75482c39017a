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
