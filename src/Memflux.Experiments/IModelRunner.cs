using Memflux.Numerics;

namespace Memflux.Experiments;

/// <summary>Something that runs a model on named inputs and returns its outputs by name.</summary>
public interface IModelRunner : IDisposable
{
    /// <summary>Runs once.</summary>
    IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs);
}
