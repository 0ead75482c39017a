using Memflux.Numerics;

namespace Memflux.Operators.Tests;

/// <summary>NonMaxSuppression (opsets 10 and 11) on constant boxes and scores against ONNX Runtime.</summary>
public class NonMaxSuppressionTests
{
    [Theory]
    [InlineData(11, 0L, 3L, 0.5f, null)]
    [InlineData(11, 0L, 100L, 0.3f, 0.2f)]
    [InlineData(11, 1L, 4L, 0.4f, -0.5f)]
    [InlineData(10, 0L, 2L, 0f, 0.1f)]
    [InlineData(11, 1L, 0L, 0.5f, null)]
    [InlineData(11, 0L, -2L, 0.5f, null)]
    [InlineData(11, 0L, 50L, 1f, 0.9f)]
    public void Constant_inputs_match_ort(int opset, long centerPointBox, long maxPerClass, float iou, float? scoreThreshold)
    {
        // Many overlapping boxes (clusters around four centres), some flipped, some empty; tied scores included.
        const int batches = 2, classes = 3, count = 24;
        var rng = new Random(5);
        var boxes = new float[batches * count * 4];
        for (int i = 0; i < batches * count; i++)
        {
            float cx = (i % 4 * 3) + (float)rng.NextDouble(), cy = (i % 4 * 2) + (float)rng.NextDouble();
            float w = i % 11 == 0 ? 0 : 1 + (float)rng.NextDouble() * 2, h = 1 + (float)rng.NextDouble() * 2;
            float[] box = centerPointBox == 1 ? [cx, cy, w, h] : i % 3 == 0 ? [cy + (h / 2), cx + (w / 2), cy - (h / 2), cx - (w / 2)] : [cy - (h / 2), cx - (w / 2), cy + (h / 2), cx + (w / 2)];
            box.CopyTo(boxes, i * 4);
        }

        var scores = new float[batches * classes * count];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = i % 7 == 0 ? 0.5f : (float)rng.NextDouble();
        }

        var node = new NodeCase("NonMaxSuppression", opset).Const(Tensor.FromFloat32(boxes, new TensorShape(batches, count, 4)))
            .Const(Tensor.FromFloat32(scores, new TensorShape(batches, classes, count))).Const(Tensor.FromInt64([maxPerClass], new TensorShape(1)))
            .Const(Tensor.FromFloat32([iou], new TensorShape(1)));
        if (scoreThreshold is float t)
        {
            node.Const(Tensor.FromFloat32([t], new TensorShape(1)));
        }

        node.Attr("center_point_box", centerPointBox).Out(DataType.Int64).MatchesOrt();
    }

    [Fact]
    public void Without_a_limit_nothing_is_selected_as_in_ort()
    {
        var boxes = Tensor.FromFloat32([0, 0, 1, 1, 0, 0.1f, 1, 1.1f], new TensorShape(1, 2, 4));
        new NodeCase("NonMaxSuppression", 11).Const(boxes).Const(Tensor.FromFloat32([0.9f, 0.8f], new TensorShape(1, 1, 2))).Out(DataType.Int64).MatchesOrt();
    }

    [Fact]
    public void Run_time_boxes_and_bad_inputs_are_clear_errors()
    {
        var scores = Tensor.FromFloat32([0.9f, 0.8f], new TensorShape(1, 1, 2));
        var boxes = Tensor.FromFloat32([0, 0, 1, 1, 0, 0.1f, 1, 1.1f], new TensorShape(1, 2, 4));
        new NodeCase("NonMaxSuppression", 11).In(boxes).Const(scores).Out(DataType.Int64).ImportFails("output shape is data-dependent", "input 0 (boxes)");
        new NodeCase("NonMaxSuppression", 11).Const(boxes).Const(Tensor.FromFloat32([0.9f, 0.8f, 0.1f], new TensorShape(1, 1, 3))).Out(DataType.Int64)
            .ImportFails("expected [batches, boxes, 4] and [batches, classes, boxes]");
        new NodeCase("NonMaxSuppression", 11).Const(boxes).Const(scores).Const(Tensor.FromInt64([3], new TensorShape(1))).Const(Tensor.FromFloat32([1.5f], new TensorShape(1)))
            .Out(DataType.Int64).ImportFails("iou_threshold is 1.5; expected a value in [0, 1]");
        new NodeCase("NonMaxSuppression", 11).Const(boxes).Const(scores).Attr("center_point_box", 2L).Out(DataType.Int64).ImportFails("'center_point_box' is 2");
    }
}
