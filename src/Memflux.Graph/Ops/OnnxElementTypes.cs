using Memflux.Numerics;

namespace Memflux.Graph.Ops;

/// <summary>ONNX's element type numbers (TensorProto.DataType), for attributes that name a type (Cast's <c>to</c>).</summary>
internal static class OnnxElementTypes
{
    /// <summary>The <see cref="DataType"/> of ONNX element type <paramref name="onnxType"/>, or an error naming the node and attribute.</summary>
    public static DataType FromAttribute(Node node, long onnxType, string attribute) => onnxType switch
    {
        1 => DataType.Float32,
        2 => DataType.UInt8,
        3 => DataType.Int8,
        4 => DataType.UInt16,
        5 => DataType.Int16,
        6 => DataType.Int32,
        7 => DataType.Int64,
        9 => DataType.Bool,
        10 => DataType.Float16,
        11 => DataType.Float64,
        12 => DataType.UInt32,
        13 => DataType.UInt64,
        _ => throw node.Error($"attribute '{attribute}' = {onnxType} ({Name(onnxType)}) is not a supported element type (supported: FLOAT, DOUBLE, FLOAT16, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, BOOL)."),
    };

    private static string Name(long onnxType) => onnxType switch
    {
        0 => "UNDEFINED",
        8 => "STRING",
        14 => "COMPLEX64",
        15 => "COMPLEX128",
        16 => "BFLOAT16",
        17 => "FLOAT8E4M3FN",
        18 => "FLOAT8E4M3FNUZ",
        19 => "FLOAT8E5M2",
        20 => "FLOAT8E5M2FNUZ",
        21 => "UINT4",
        22 => "INT4",
        23 => "FLOAT4E2M1",
        _ => "unknown",
    };
}
