using Memflux.Graph.Ops;
using Memflux.Numerics;

namespace Memflux.Graph.Tests;

/// <summary>
/// The registry the pass tests use: every real operator in Memflux.Graph, plus naive test-only stand-ins for the op
/// types that are not written yet. A real operator always wins, so these stand-ins retire themselves.
/// </summary>
internal static class PassTestOperators
{
    public static OperatorRegistry Registry { get; } = Build();

    private static OperatorRegistry Build()
    {
        var real = typeof(Operator).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Operator)) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Operator)Activator.CreateInstance(t)!)
            .ToList();
        Operator[] standIns = [new IdentityStandIn(), new DropoutStandIn(), new BatchNormalizationStandIn(), new ShapeStandIn()];
        return new OperatorRegistry(real.Concat(standIns.Where(s => !real.Any(r => r.OpType == s.OpType))));
    }

    private sealed class IdentityStandIn : Operator
    {
        public override string OpType => "Identity";

        public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) => [RequireInput(node, inputs, 0)];

        public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [RequireInput(node, inputs, 0)];
    }

    private sealed class DropoutStandIn : Operator
    {
        public override string OpType => "Dropout";

        public override IReadOnlyCollection<string> SupportedAttributes => ["ratio", "seed"];

        public override int MaxInputs => 3;

        public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) => [RequireInput(node, inputs, 0)];

        public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [RequireInput(node, inputs, 0)];
    }

    /// <summary>The input's dimensions as int64: known from static shapes alone.</summary>
    private sealed class ShapeStandIn : Operator
    {
        public override string OpType => "Shape";

        public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs) =>
            [TensorInfo.Of(Dimensions(RequireInput(node, inputs, 0).Shape))];

        public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) => [Dimensions(RequireInput(node, inputs, 0).Shape)];

        private static Tensor Dimensions(TensorShape shape) => Tensor.Vector([.. shape.Dimensions.ToArray().Select(d => (long)d)]);
    }

    /// <summary>y = (x − mean)/√(var + ε)·scale + B over axis 1, computed as ORT does in fp32.</summary>
    private sealed class BatchNormalizationStandIn : Operator
    {
        public override string OpType => "BatchNormalization";

        public override IReadOnlyCollection<string> SupportedAttributes => ["epsilon", "momentum", "spatial", "training_mode"];

        public override int MinInputs => 5;

        public override int MaxInputs => 5;

        public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
        {
            var x = RequireInput(node, inputs, 0);
            return [new TensorInfo(DataType.Float32, x.Shape)];
        }

        public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
        {
            var x = RequireInput(node, inputs, 0);
            var (scale, bias, mean, variance) = (RequireInput(node, inputs, 1).Float32Array, RequireInput(node, inputs, 2).Float32Array, RequireInput(node, inputs, 3).Float32Array, RequireInput(node, inputs, 4).Float32Array);
            float epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
            int channels = x.Shape[1];
            int inner = x.Length / x.Shape[0] / channels;
            var y = Tensor.Zeros(DataType.Float32, x.Shape);
            var (xs, ys) = (x.Float32Array, y.Float32Array);
            for (int i = 0; i < xs.Length; i++)
            {
                int c = i / inner % channels;
                ys[i] = ((xs[i] - mean[c]) / MathF.Sqrt(variance[c] + epsilon) * scale[c]) + bias[c];
            }

            return [y];
        }
    }
}
