using Google.Protobuf;
using Onnx;

namespace Memflux.Onnx;

/// <summary>
/// An initializer found by <see cref="OnnxModelScanner"/>: every field but raw_data parsed into
/// <see cref="Header"/>, and where raw_data lies in the model's bytes (not read yet).
/// </summary>
/// <param name="Header">The TensorProto without its raw_data.</param>
/// <param name="RawOffset">Where raw_data's payload starts in the model's bytes.</param>
/// <param name="RawLength">raw_data's length in bytes; 0 when the tensor has none (typed fields or external data).</param>
/// <param name="MessageOffset">Where the whole serialized TensorProto starts in the model's bytes.</param>
/// <param name="MessageLength">The serialized TensorProto's length in bytes.</param>
internal sealed record ScannedTensor(TensorProto Header, long RawOffset, long RawLength, long MessageOffset, long MessageLength);

/// <summary>A model as <see cref="OnnxModelScanner"/> read it.</summary>
/// <param name="Model">Every field of the ModelProto, its graph without initializers.</param>
/// <param name="Initializers">The graph's initializers in file order, their raw_data still in <see cref="ModelBytes"/>.</param>
internal sealed record ScannedModel(ModelProto Model, IReadOnlyList<ScannedTensor> Initializers);

/// <summary>
/// Parses a serialized ModelProto without copying the weights: the scanner walks the wire format of the three levels
/// that hold them (ModelProto → graph → initializer TensorProto) and notes where each initializer's raw_data lies;
/// every other field is copied, as the bytes it was, into a small buffer that Google.Protobuf parses. Weights are then
/// read once, from the file into each tensor's array (<see cref="OnnxTensorReader"/>), instead of being held three
/// times (the file's bytes, a ByteString per tensor, the tensor).
/// </summary>
/// <remarks>
/// The result is what Google.Protobuf would parse: a field repeated where one is expected merges as protobuf merges
/// (the graph's fields from every occurrence of <c>graph</c>, the last raw_data of a tensor), and any field the
/// scanner does not take apart (another wire type under a known number, unknown fields) goes to Google.Protobuf as is.
/// </remarks>
internal static class OnnxModelScanner
{
    private const int ModelGraph = 7;
    private const int GraphInitializer = 5;
    private const int TensorRawData = 9;

    /// <summary>Scans <paramref name="bytes"/>; wire-format and protobuf errors become <see cref="InvalidProtocolBufferException"/> or <see cref="MalformedProtobufException"/>.</summary>
    public static ScannedModel Scan(ModelBytes bytes)
    {
        var cursor = new ProtobufCursor(bytes);
        using var modelRest = new MemoryStream();
        using var graphRest = new MemoryStream();
        var initializers = new List<ScannedTensor>();
        bool hasGraph = false;
        long end = bytes.Length;
        while (cursor.Position < end)
        {
            long start = cursor.Position;
            var (field, wireType) = cursor.ReadTag(end);
            if (field == ModelGraph && wireType == ProtobufCursor.LengthDelimited)
            {
                long length = cursor.ReadLength(end);
                hasGraph = true;
                ScanGraph(cursor, cursor.Position + length, graphRest, initializers);
                continue;
            }

            cursor.Skip(field, wireType, end);
            cursor.CopyFrom(start, modelRest);
        }

        var model = ModelProto.Parser.ParseFrom(modelRest.GetBuffer(), 0, (int)modelRest.Length);
        if (hasGraph)
        {
            model.Graph = GraphProto.Parser.ParseFrom(graphRest.GetBuffer(), 0, (int)graphRest.Length);
        }

        return new ScannedModel(model, initializers);
    }

    private static void ScanGraph(ProtobufCursor cursor, long end, MemoryStream rest, List<ScannedTensor> initializers)
    {
        while (cursor.Position < end)
        {
            long start = cursor.Position;
            var (field, wireType) = cursor.ReadTag(end);
            if (field == GraphInitializer && wireType == ProtobufCursor.LengthDelimited)
            {
                long length = cursor.ReadLength(end);
                initializers.Add(ScanTensor(cursor, cursor.Position, length));
                continue;
            }

            cursor.Skip(field, wireType, end);
            cursor.CopyFrom(start, rest);
        }
    }

    private static ScannedTensor ScanTensor(ProtobufCursor cursor, long offset, long length)
    {
        long end = offset + length;
        using var rest = new MemoryStream();
        long rawOffset = 0, rawLength = 0;
        while (cursor.Position < end)
        {
            long start = cursor.Position;
            var (field, wireType) = cursor.ReadTag(end);
            if (field == TensorRawData && wireType == ProtobufCursor.LengthDelimited)
            {
                rawLength = cursor.ReadLength(end); // the last raw_data wins, as in protobuf
                rawOffset = cursor.Position;
                cursor.Position += rawLength;
                continue;
            }

            cursor.Skip(field, wireType, end);
            cursor.CopyFrom(start, rest);
        }

        return new ScannedTensor(TensorProto.Parser.ParseFrom(rest.GetBuffer(), 0, (int)rest.Length), rawOffset, rawLength, offset, length);
    }
}
