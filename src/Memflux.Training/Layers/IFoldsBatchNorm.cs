using Memflux.Graph;
using Memflux.Training.Export;

namespace Memflux.Training.Layers;

/// <summary>A layer whose weights and bias can absorb a following batch-norm's affine map on export.</summary>
internal interface IFoldsBatchNorm
{
    /// <summary>Exports this layer with <paramref name="batchNorm"/>'s evaluation-mode scale and shift folded in.</summary>
    Value ExportFolded(ExportContext context, Value input, BatchNorm batchNorm);
}
