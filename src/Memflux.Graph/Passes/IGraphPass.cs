namespace Memflux.Graph.Passes;

/// <summary>A transformation of a graph in place. One pass per file; <see cref="PassPipeline"/> lists them in order.</summary>
public interface IGraphPass
{
    /// <summary>A short name for logs and reports.</summary>
    string Name { get; }

    /// <summary>Transforms <paramref name="graph"/>; returns true when it changed anything.</summary>
    bool Run(ComputeGraph graph);
}
