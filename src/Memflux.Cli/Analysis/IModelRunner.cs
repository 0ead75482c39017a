using Memflux.Numerics;

namespace Memflux.Cli.Analysis;

/// <summary>Something that runs a model on named inputs and returns its outputs by name.</summary>
internal interface IModelRunner : IDisposable
{
    /// <summary>Runs once.</summary>
    IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs);
}
