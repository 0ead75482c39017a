using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>
/// ONNX NonMaxSuppression (opsets 10–21): per image and class, boxes whose score exceeds <c>score_threshold</c> are
/// taken by descending score (ties: lower box index first) and kept unless their IoU with an already kept box of that
/// class exceeds <c>iou_threshold</c>, up to <c>max_output_boxes_per_class</c> (absent or ≤ 0: none). The output is
/// the int64 [selected, 3] list of (batch, class, box) in image, class, then selection order, as ONNX Runtime gives it.
/// Boxes are fp32 [B, N, 4] corners (y1, x1, y2, x2) in either order, or with <c>center_point_box</c> = 1
/// (x_center, y_center, width, height); scores fp32 [B, C, N]. The count is data-dependent, so boxes and scores
/// (and the optional thresholds) must be constant at import; constant folding computes it.
/// </summary>
public sealed class NonMaxSuppression : Operator
{
    /// <inheritdoc />
    public override string OpType => "NonMaxSuppression";

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SupportedAttributes { get; } = ["center_point_box"];

    /// <inheritdoc />
    public override int MinInputs => 2;

    /// <inheritdoc />
    public override int MaxInputs => 5;

    /// <inheritdoc />
    public override IReadOnlyList<TensorInfo> InferOutputs(Node node, IReadOnlyList<TensorInfo?> inputs)
    {
        var boxes = DataDependent.RequireConstant(node, inputs, 0, "boxes");
        var scores = DataDependent.RequireConstant(node, inputs, 1, "scores");
        var optional = new Tensor?[3];
        string[] names = ["max_output_boxes_per_class", "iou_threshold", "score_threshold"];
        for (int i = 2; i < inputs.Count; i++)
        {
            optional[i - 2] = inputs[i] is null ? null : DataDependent.RequireConstant(node, inputs, i, names[i - 2]);
        }

        return [TensorInfo.Of(Compute(node, boxes, scores, optional[0], optional[1], optional[2]))];
    }

    /// <inheritdoc />
    public override Tensor[] Execute(Node node, IReadOnlyList<Tensor?> inputs) =>
        [Compute(node, RequireInput(node, inputs, 0), RequireInput(node, inputs, 1), Optional(inputs, 2), Optional(inputs, 3), Optional(inputs, 4))];

    private static Tensor? Optional(IReadOnlyList<Tensor?> inputs, int index) => index < inputs.Count ? inputs[index] : null;

    private static Tensor Compute(Node node, Tensor boxes, Tensor scores, Tensor? maxPerClass, Tensor? iouThreshold, Tensor? scoreThreshold)
    {
        if (boxes.Type != DataType.Float32 || scores.Type != DataType.Float32)
        {
            throw node.Error($"inputs boxes and scores must be Float32; found {boxes.Type} and {scores.Type}.");
        }

        if (boxes.Shape.Rank != 3 || boxes.Shape[2] != 4 || scores.Shape.Rank != 3 || scores.Shape[0] != boxes.Shape[0] || scores.Shape[2] != boxes.Shape[1])
        {
            throw node.Error($"inputs boxes {boxes.Shape} and scores {scores.Shape}; expected [batches, boxes, 4] and [batches, classes, boxes].");
        }

        long centerPointBox = node.Attributes.GetInt("center_point_box", 0);
        if (centerPointBox is not (0 or 1))
        {
            throw node.Error($"attribute 'center_point_box' is {centerPointBox}; expected 0 (corners) or 1 (centre, width, height).");
        }

        long limit = Scalar(node, maxPerClass, DataType.Int64, "max_output_boxes_per_class") is { } m ? Math.Max((long)m, 0) : 0;
        float iou = (float)(Scalar(node, iouThreshold, DataType.Float32, "iou_threshold") ?? 0);
        if (!(iou is >= 0 and <= 1))
        {
            throw node.Error($"input iou_threshold is {iou}; expected a value in [0, 1].");
        }

        double? scoreMin = Scalar(node, scoreThreshold, DataType.Float32, "score_threshold");
        int batches = boxes.Shape[0], count = boxes.Shape[1], classes = scores.Shape[1];
        ReadOnlySpan<float> allBoxes = boxes.Float32, allScores = scores.Float32;
        var corners = new float[count * 4];
        var classScores = new float[count];
        var candidates = new List<int>(count);
        var kept = new List<int>();
        var selected = new List<long>();
        for (int b = 0; b < batches; b++)
        {
            Corners(allBoxes.Slice(b * count * 4, count * 4), centerPointBox == 1, corners);
            for (int c = 0; c < classes; c++)
            {
                allScores.Slice(((b * classes) + c) * count, count).CopyTo(classScores);
                candidates.Clear();
                for (int i = 0; i < count; i++)
                {
                    if (scoreMin is not { } t || classScores[i] > (float)t)
                    {
                        candidates.Add(i);
                    }
                }

                // Descending score, ties by ascending index: the order of ONNX Runtime's priority queue.
                candidates.Sort((i, j) => classScores[j].CompareTo(classScores[i]) is var byScore && byScore != 0 ? byScore : i.CompareTo(j));
                kept.Clear();
                foreach (int i in candidates)
                {
                    if (kept.Count >= limit)
                    {
                        break;
                    }

                    bool suppressed = false;
                    foreach (int k in kept)
                    {
                        if (Overlaps(corners, i, k, iou))
                        {
                            suppressed = true;
                            break;
                        }
                    }

                    if (!suppressed)
                    {
                        kept.Add(i);
                        selected.AddRange([b, c, i]);
                    }
                }
            }
        }

        return Tensor.FromInt64([.. selected], new TensorShape(selected.Count / 3, 3));
    }

    /// <summary>The one value of an optional scalar input (shape [] or [1]), or null when it is absent.</summary>
    private static double? Scalar(Node node, Tensor? value, DataType type, string name)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Type != type || value.Length != 1)
        {
            throw node.Error($"input {name} is {value.Type} {value.Shape}; expected one {type} value.");
        }

        return value.GetAsDouble(0);
    }

    /// <summary>Each box as (x_min, y_min, x_max, y_max), computed as ONNX Runtime does for its format.</summary>
    private static void Corners(ReadOnlySpan<float> boxes, bool centerPoint, Span<float> corners)
    {
        for (int i = 0; i < boxes.Length; i += 4)
        {
            if (centerPoint)
            {
                float halfWidth = boxes[i + 2] / 2, halfHeight = boxes[i + 3] / 2;
                corners[i] = boxes[i] - halfWidth;
                corners[i + 1] = boxes[i + 1] - halfHeight;
                corners[i + 2] = boxes[i] + halfWidth;
                corners[i + 3] = boxes[i + 1] + halfHeight;
            }
            else
            {
                corners[i] = Math.Min(boxes[i + 1], boxes[i + 3]);
                corners[i + 1] = Math.Min(boxes[i], boxes[i + 2]);
                corners[i + 2] = Math.Max(boxes[i + 1], boxes[i + 3]);
                corners[i + 3] = Math.Max(boxes[i], boxes[i + 2]);
            }
        }
    }

    /// <summary>True when boxes <paramref name="i"/> and <paramref name="k"/> overlap with IoU above the threshold (empty boxes never do).</summary>
    private static bool Overlaps(float[] corners, int i, int k, float threshold)
    {
        int a = i * 4, b = k * 4;
        float left = Math.Max(corners[a], corners[b]), right = Math.Min(corners[a + 2], corners[b + 2]);
        if (right <= left)
        {
            return false;
        }

        float top = Math.Max(corners[a + 1], corners[b + 1]), bottom = Math.Min(corners[a + 3], corners[b + 3]);
        if (bottom <= top)
        {
            return false;
        }

        float intersection = (right - left) * (bottom - top);
        float areaA = (corners[a + 2] - corners[a]) * (corners[a + 3] - corners[a + 1]);
        float areaB = (corners[b + 2] - corners[b]) * (corners[b + 3] - corners[b + 1]);
        float union = areaA + areaB - intersection;
        if (intersection <= 0 || areaA <= 0 || areaB <= 0 || union <= 0)
        {
            return false;
        }

        return intersection / union > threshold;
    }
}
