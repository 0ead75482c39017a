using Memflux.Graph;
using Memflux.Numerics;

namespace Memflux.Chip.Analog;

/// <summary>ONNX MatMul of an activation A [..., k] by a constant 2-D B [k, n] on crossbars; every leading index of A is one MVM.</summary>
public sealed class AnalogMatMul : AnalogLayer
{
    private readonly Tensor _weight;

    private AnalogMatMul(Node node, int k, int n, Tensor weight)
        : base(node, k, n, groups: 1) => _weight = weight;

    /// <summary>Maps a MatMul whose second input is a constant matrix; null otherwise (it then runs digitally).</summary>
    public static AnalogMatMul? TryCreate(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Inputs[1]?.Constant is { Type: DataType.Float32, Shape.Rank: 2 } b && node.Inputs[0]?.Shape is { Rank: >= 2 }
            ? new AnalogMatMul(node, b.Shape[0], b.Shape[1], b)
            : null;
    }

    /// <inheritdoc/>
    public override ReadOnlyMemory<float> WeightMatrix(int group)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(group, 0);
        return _weight.Float32Array.AsMemory(0, Inputs * Outputs);
    }

    /// <inheritdoc/>
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(inputs);
        var a = Input(inputs, 0);
        if (a.Shape.Rank < 2 || a.Shape[a.Shape.Rank - 1] != Inputs)
        {
            throw new MemfluxException($"{Description}: input A has shape {a.Shape}; expected rank ≥ 2 with last dimension {Inputs}.");
        }

        int m = a.Length / Inputs;
        int[] dims = [.. a.Shape.Dimensions];
        dims[^1] = Outputs;
        var y = Tensor.Uninitialized(DataType.Float32, new TensorShape(dims));
        Matrix(0).Multiply(a.Float32, m, y.Float32);
        return [y];
    }
}
