using System.Numerics;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX Einsum (opset 12): any equation over numeric operands, with '...' broadcasting and implicit outputs. Each
/// operand first takes its diagonals (repeated labels) and sums the labels nothing else needs; operands are then
/// contracted left to right, each pair as a batched matrix product [batch, M, K] · [batch, K, N] (fp32 products run
/// on <see cref="Numerics.Gemm"/>, transposing an operand only when its layout is neither [.., M, K] nor [.., K, M]);
/// a final transpose gives the output's label order.
/// </summary>
public sealed class Einsum : Operator
{
    /// <inheritdoc />
    public override string OpType => "Einsum";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes => ["equation"];

    /// <inheritdoc />
    public override int MaxInputs => int.MaxValue;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var infos = Enumerable.Range(0, inputs.Count).Select(i => RequireInput(node, inputs, i)).ToArray();
        CheckTypes(node, [.. infos.Select(i => i.Type)]);
        var equation = Parse(node, [.. infos.Select(i => i.Shape)]);
        return [new TensorInfo(infos[0].Type, equation.OutputShape)];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs)
    {
        var xs = Enumerable.Range(0, inputs.Count).Select(i => RequireInput(node, inputs, i)).ToArray();
        CheckTypes(node, [.. xs.Select(x => x.Type)]);
        var equation = Parse(node, [.. xs.Select(x => x.Shape)]);
        var terms = new Term[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            terms[i] = Term.Of(xs[i], equation.Inputs[i], equation.Sizes);
        }

        var output = new HashSet<int>(equation.Output);
        var current = terms[0];
        for (int i = 1; i < terms.Length; i++)
        {
            // Labels needed after this contraction: the output's and those of operands still to come.
            var keep = new HashSet<int>(output);
            for (int j = i + 1; j < terms.Length; j++)
            {
                keep.UnionWith(terms[j].Labels);
            }

            var other = terms[i];
            current = current.SumOut(l => !keep.Contains(l) && !other.Labels.Contains(l));
            other = other.SumOut(l => !keep.Contains(l) && !current.Labels.Contains(l));
            current = Term.Contract(current, other, keep);
        }

        current = current.SumOut(l => !output.Contains(l));
        return [current.Permute(equation.Output).Data.Reshape(equation.OutputShape)];
    }

    /// <inheritdoc />
    public override long CountMacs(Node node)
    {
        // One multiply-add per element of the full index space of a two-operand product; more operands are rare.
        var shapes = node.Inputs.Select(v => v?.Shape ?? throw node.Error("input shapes are unknown; run shape inference before counting MACs.")).ToArray();
        if (shapes.Length != 2)
        {
            return 0;
        }

        var equation = Parse(node, shapes);
        return equation.Sizes.Values.Aggregate(1L, (p, s) => p * s);
    }

    private static EinsumEquation Parse(Node node, IReadOnlyList<TensorShape> shapes)
    {
        if (!node.Attributes.ContainsKey("equation"))
        {
            throw node.Error("attribute 'equation' is required.");
        }

        return EinsumEquation.Parse(node, node.Attributes.GetString("equation", ""), shapes);
    }

    private static void CheckTypes(Node node, DataType[] types)
    {
        for (int i = 0; i < types.Length; i++)
        {
            if (types[i] != types[0] || types[i] == DataType.Bool)
            {
                throw node.Error($"inputs must share one numeric type; input 0 is {types[0]}, input {i} is {types[i]}.");
            }
        }
    }

    /// <summary>A dense operand whose dimensions carry distinct labels.</summary>
    private sealed class Term(Tensor data, int[] labels)
    {
        public Tensor Data { get; } = data;

        public int[] Labels { get; } = labels;

        /// <summary>
        /// The operand with repeated labels reduced to their diagonal, and broadcast (size 1) dimensions whose label
        /// is larger elsewhere dropped, so every label left has its full size.
        /// </summary>
        public static Term Of(Tensor x, int[] labels, Dictionary<int, int> sizes)
        {
            int[] strides = x.Shape.Strides();
            var unique = new List<int>();
            var uniqueStrides = new List<long>();
            var dims = new List<int>();
            for (int d = 0; d < labels.Length; d++)
            {
                int at = unique.IndexOf(labels[d]);
                if (at >= 0)
                {
                    uniqueStrides[at] += strides[d];
                }
                else if (x.Shape[d] != 1 || sizes[labels[d]] == 1)
                {
                    unique.Add(labels[d]);
                    uniqueStrides.Add(strides[d]);
                    dims.Add(x.Shape[d]);
                }
            }

            if (unique.Count == labels.Length)
            {
                return new Term(x, labels);
            }

            var shape = new TensorShape([.. dims]);
            if (labels.Distinct().Count() == labels.Length)
            {
                return new Term(x.Reshape(shape), [.. unique]);
            }

            var y = Tensor.Zeros(x.Type, shape);
            StridedCopy.Copy(x, 0, shape.Dimensions, [.. uniqueStrides], y);
            return new Term(y, [.. unique]);
        }

        /// <summary>The operand with its dimensions in the order <paramref name="order"/> (a copy unless already so).</summary>
        public Term Permute(int[] order)
        {
            if (order.SequenceEqual(Labels))
            {
                return this;
            }

            int[] strides = Data.Shape.Strides();
            var dims = new int[order.Length];
            var sourceStrides = new long[order.Length];
            for (int i = 0; i < dims.Length; i++)
            {
                int d = Array.IndexOf(Labels, order[i]);
                dims[i] = Data.Shape[d];
                sourceStrides[i] = strides[d];
            }

            var shape = new TensorShape(dims);
            var y = Tensor.Uninitialized(Data.Type, shape); // every element is written
            StridedCopy.Copy(Data, 0, shape.Dimensions, sourceStrides, y);
            return new Term(y, [.. order]);
        }

        /// <summary>The operand summed over the labels <paramref name="drop"/> selects.</summary>
        public Term SumOut(Func<int, bool> drop)
        {
            if (!Labels.Any(drop))
            {
                return this;
            }

            int[] kept = [.. Labels.Where(l => !drop(l))];
            var moved = Permute([.. kept, .. Labels.Where(drop)]);
            var shape = new TensorShape([.. kept.Select(l => Data.Shape[Array.IndexOf(Labels, l)])]);
            var y = Tensor.Zeros(Data.Type, shape);
            int rows = shape.ElementCount;
            int block = rows == 0 ? 0 : Data.Length / rows;
            var visitor = new SumVisitor(moved.Data, y, rows, block);
            Data.Type.VisitNumber<SumVisitor, bool>(ref visitor);
            return new Term(y, kept);
        }

        /// <summary>The batched matrix product of two operands over their shared labels not in <paramref name="keep"/>.</summary>
        public static Term Contract(Term a, Term b, HashSet<int> keep)
        {
            int[] batch = [.. a.Labels.Where(l => b.Labels.Contains(l) && keep.Contains(l))];
            int[] k = [.. a.Labels.Where(l => b.Labels.Contains(l) && !keep.Contains(l))];
            int[] m = [.. a.Labels.Where(l => !b.Labels.Contains(l))];
            int[] n = [.. b.Labels.Where(l => !a.Labels.Contains(l))];
            var (aData, transA) = a.Arrange(batch, m, k);
            var (bData, transB) = b.Arrange(batch, k, n);
            int batches = a.Size(batch), rows = a.Size(m), inner = a.Size(k), columns = b.Size(n);
            // The GEMM overwrites an fp32 product (recycled buffers are fine); the generic loop accumulates into zeros.
            var shape = new TensorShape([.. batch.Concat(m).Select(a.Size), .. n.Select(b.Size)]);
            var y = a.Data.Type == DataType.Float32 && inner > 0 ? Tensor.Uninitialized(DataType.Float32, shape) : Tensor.Zeros(a.Data.Type, shape);
            var visitor = new ProductVisitor(aData, transA, bData, transB, y, batches, rows, inner, columns);
            a.Data.Type.VisitNumber<ProductVisitor, bool>(ref visitor);
            return new Term(y, [.. batch, .. m, .. n]);
        }

        private int Size(int label) => Data.Shape[Array.IndexOf(Labels, label)];

        private int Size(int[] labels) => labels.Aggregate(1, (p, l) => p * Size(l));

        /// <summary>
        /// The data as [outer, first, second] (false) or [outer, second, first] (true, the GEMM reads it transposed):
        /// as laid out when it already is one of them, else a copy that keeps the innermost dimension innermost,
        /// so the copy moves contiguous runs.
        /// </summary>
        private (Tensor Data, bool Transposed) Arrange(int[] outer, int[] first, int[] second)
        {
            if (Labels.SequenceEqual(outer.Concat(first).Concat(second)))
            {
                return (Data, false);
            }

            bool transposed = Labels.SequenceEqual(outer.Concat(second).Concat(first)) || (Labels.Length > 0 && first.Contains(Labels[^1]));
            return transposed ? (Permute([.. outer, .. second, .. first]).Data, true) : (Permute([.. outer, .. first, .. second]).Data, false);
        }
    }

    /// <summary>y[r] = Σ x[r·block .. (r+1)·block).</summary>
    private readonly struct SumVisitor(Tensor x, Tensor y, int rows, int block) : INumberVisitor<bool>
    {
        public bool Visit<T>()
            where T : unmanaged, INumber<T>
        {
            ReadOnlySpan<T> source = x.AsSpan<T>();
            Span<T> destination = y.AsSpan<T>();
            for (int r = 0; r < rows; r++)
            {
                var row = source.Slice(r * block, block);
                if (typeof(T) == typeof(float))
                {
                    destination[r] = T.CreateTruncating(TensorPrimitives.Sum(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(row)));
                    continue;
                }

                T sum = T.Zero;
                foreach (T v in row)
                {
                    sum += v;
                }

                destination[r] = sum;
            }

            return true;
        }
    }

    /// <summary>y[t] = op(a[t]) · op(b[t]) for each of the batches; fp32 on the GEMM kernel.</summary>
    private readonly struct ProductVisitor(Tensor a, bool transA, Tensor b, bool transB, Tensor y, int batches, int m, int k, int n) : INumberVisitor<bool>
    {
        public bool Visit<T>()
            where T : unmanaged, INumber<T>
        {
            if (m == 0 || n == 0 || k == 0)
            {
                return true; // y is already zero
            }

            for (int t = 0; t < batches; t++)
            {
                if (typeof(T) == typeof(float))
                {
                    Numerics.Gemm.Multiply(transA, transB, m, n, k, 1f, a.Float32.Slice(t * m * k, m * k), transA ? m : k, b.Float32.Slice(t * k * n, k * n), transB ? k : n, 0f, y.Float32.Slice(t * m * n, m * n), n);
                    continue;
                }

                ReadOnlySpan<T> left = a.AsSpan<T>().Slice(t * m * k, m * k);
                ReadOnlySpan<T> right = b.AsSpan<T>().Slice(t * k * n, k * n);
                Span<T> product = y.AsSpan<T>().Slice(t * m * n, m * n);
                for (int i = 0; i < m; i++)
                {
                    for (int p = 0; p < k; p++)
                    {
                        T av = transA ? left[(p * m) + i] : left[(i * k) + p];
                        for (int j = 0; j < n; j++)
                        {
                            product[(i * n) + j] += av * (transB ? right[(j * k) + p] : right[(p * n) + j]);
                        }
                    }
                }
            }

            return true;
        }
    }
}
