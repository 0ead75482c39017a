using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX MatMul (opsets 1–21) with numpy semantics: a 1-D A gains a leading 1 and a 1-D B a trailing 1 (both removed
/// from the result); leading batch dimensions broadcast.
/// </summary>
public sealed class MatMul : Operator
{
    /// <inheritdoc />
    public override string OpType => "MatMul";

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 2;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 1);
        return [new TensorInfo(DataType.Float32, Plan.Create(node, a.Shape, b.Shape, a.Type, b.Type).Output)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var a = RequireInput(node, inputs, 0);
        var b = RequireInput(node, inputs, 1);
        var p = Plan.Create(node, a.Shape, b.Shape, a.Type, b.Type);
        var y = Tensor.Zeros(DataType.Float32, p.Output);
        p.Run(a.Float32, b.Float32, y.Float32);
        return [y];
    }

    /// <inheritdoc />
    public override long CountMacs(Node node)
    {
        var a = node.Inputs[0]?.Shape ?? throw node.Error("input A shape is unknown; run shape inference before counting MACs.");
        var y = node.Outputs[0].Shape ?? throw node.Error("output shape is unknown; run shape inference before counting MACs.");
        return (long)y.ElementCount * a[a.Rank - 1];
    }

    /// <summary>Matrix sizes, broadcast batch shape and per-operand batch strides of one MatMul.</summary>
    private sealed class Plan
    {
        private int _m, _n, _k;
        private int[] _batch = [];
        private int[] _aStrides = [];
        private int[] _bStrides = [];

        public TensorShape Output { get; private set; } = TensorShape.Scalar;

        public static Plan Create(Node node, TensorShape a, TensorShape b, DataType aType, DataType bType)
        {
            if (aType != DataType.Float32 || bType != DataType.Float32)
            {
                throw node.Error($"inputs must be Float32; found A {aType}, B {bType}.");
            }

            if (a.Rank == 0 || b.Rank == 0)
            {
                throw node.Error($"inputs A {a} and B {b} must have rank 1 or more.");
            }

            int[] ad = a.Rank == 1 ? [1, a[0]] : a.Dimensions.ToArray();
            int[] bd = b.Rank == 1 ? [b[0], 1] : b.Dimensions.ToArray();
            int m = ad[^2], k = ad[^1], n = bd[^1];
            if (bd[^2] != k)
            {
                throw node.Error($"inner dimensions differ: A {a} has {k} columns, B {b} has {bd[^2]} rows.");
            }

            int batchRank = Math.Max(ad.Length, bd.Length) - 2;
            var batch = new int[batchRank];
            var aStrides = new int[batchRank];
            var bStrides = new int[batchRank];
            int aStride = m * k, bStride = k * n;
            for (int i = batchRank - 1; i >= 0; i--)
            {
                int ai = i - (batchRank - (ad.Length - 2)), bi = i - (batchRank - (bd.Length - 2));
                int da = ai >= 0 ? ad[ai] : 1, db = bi >= 0 ? bd[bi] : 1;
                if (da != db && da != 1 && db != 1)
                {
                    throw node.Error($"batch dimensions of A {a} and B {b} do not broadcast ({da} vs {db}).");
                }

                batch[i] = Math.Max(da, db);
                aStrides[i] = da == 1 ? 0 : aStride;
                bStrides[i] = db == 1 ? 0 : bStride;
                aStride *= da;
                bStride *= db;
            }

            var outDims = new List<int>(batch);
            if (a.Rank > 1)
            {
                outDims.Add(m);
            }

            if (b.Rank > 1)
            {
                outDims.Add(n);
            }

            return new Plan { _m = m, _n = n, _k = k, _batch = batch, _aStrides = aStrides, _bStrides = bStrides, Output = new TensorShape([.. outDims]) };
        }

        public void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
        {
            int batches = 1;
            bool bShared = true;
            for (int i = 0; i < _batch.Length; i++)
            {
                batches *= _batch[i];
                bShared &= _bStrides[i] == 0;
            }

            if (batches == 0 || _m == 0 || _n == 0)
            {
                return;
            }

            // A weight shared by every batch (the common x·W case): fold the batch into the rows of one GEMM,
            // which is valid when A's batches are laid out densely.
            if (bShared && IsDense(_aStrides, _m * _k))
            {
                Numerics.Gemm.Multiply(false, false, batches * _m, _n, _k, 1f, a, _k, b, _n, 0f, y, _n);
                return;
            }

            var index = new int[_batch.Length];
            for (int t = 0; t < batches; t++)
            {
                int aOffset = 0, bOffset = 0;
                for (int i = 0; i < index.Length; i++)
                {
                    aOffset += index[i] * _aStrides[i];
                    bOffset += index[i] * _bStrides[i];
                }

                Numerics.Gemm.Multiply(false, false, _m, _n, _k, 1f, a[aOffset..], _k, b[bOffset..], _n, 0f, y.Slice(t * _m * _n, _m * _n), _n);
                for (int i = index.Length - 1; i >= 0 && ++index[i] == _batch[i]; i--)
                {
                    index[i] = 0;
                }
            }
        }

        private bool IsDense(int[] strides, int matrix)
        {
            int expected = matrix;
            for (int i = strides.Length - 1; i >= 0; i--)
            {
                if (strides[i] != expected && _batch[i] != 1)
                {
                    return false;
                }

                expected *= _batch[i];
            }

            return true;
        }
    }
}
