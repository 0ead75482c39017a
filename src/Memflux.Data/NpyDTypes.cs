using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>NumPy dtype strings (<c>descr</c>: byte order, kind, item size) ↔ <see cref="DataType"/>.</summary>
public static class NpyDTypes
{
    /// <summary>The dtypes Memflux reads, as NumPy writes them little-endian ('&gt;' for big-endian is read too).</summary>
    public const string SupportedList = "'<f2' '<f4' '<f8' '|i1' '<i2' '<i4' '<i8' '|u1' '<u2' '<u4' '<u8' '|b1'";

    /// <summary>The descr NumPy writes for <paramref name="type"/> (little-endian, '|' for one-byte types).</summary>
    public static string Descr(DataType type, bool bigEndian = false)
    {
        string kindSize = type switch
        {
            DataType.Float16 => "f2",
            DataType.Float32 => "f4",
            DataType.Float64 => "f8",
            DataType.Int8 => "i1",
            DataType.Int16 => "i2",
            DataType.Int32 => "i4",
            DataType.Int64 => "i8",
            DataType.UInt8 => "u1",
            DataType.UInt16 => "u2",
            DataType.UInt32 => "u4",
            DataType.UInt64 => "u8",
            DataType.Bool => "b1",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        };
        return (type.Size() == 1 ? "|" : bigEndian ? ">" : "<") + kindSize;
    }

    /// <summary>
    /// Parses a descr such as '&lt;f4' or '&gt;i8'. Object, string, complex, datetime and other dtypes are an error
    /// naming the dtype and <paramref name="source"/>.
    /// </summary>
    public static (DataType Type, bool BigEndian) Parse(string descr, string source)
    {
        ArgumentNullException.ThrowIfNull(descr);
        if (descr.Length < 2)
        {
            throw Unsupported(descr, source, "");
        }

        char order = descr[0];
        string kindSize = descr[1..];
        if (order is not ('<' or '>' or '|' or '='))
        {
            // NumPy always writes a byte-order character; tolerate none as native (little-endian hosts only).
            order = '=';
            kindSize = descr;
        }

        if (kindSize.StartsWith('O'))
        {
            throw new MemfluxException($"{source}: the array has dtype '{descr}' (Python objects, stored pickled); only numeric and bool arrays can be read. Save a numeric array, e.g. np.save(path, x.astype(np.float32)).");
        }

        DataType? type = kindSize switch
        {
            "f2" or "e" => DataType.Float16,
            "f4" or "f" => DataType.Float32,
            "f8" or "d" => DataType.Float64,
            "i1" or "b" => DataType.Int8,
            "i2" or "h" => DataType.Int16,
            "i4" => DataType.Int32,
            "i8" or "q" => DataType.Int64,
            "u1" or "B" => DataType.UInt8,
            "u2" or "H" => DataType.UInt16,
            "u4" => DataType.UInt32,
            "u8" or "Q" => DataType.UInt64,
            "b1" or "?" => DataType.Bool,
            _ => null,
        };
        if (type is not DataType t)
        {
            string hint = kindSize[0] switch
            {
                'c' => " (complex numbers)",
                'U' or 'S' or 'a' => " (strings)",
                'M' or 'm' => " (dates or time deltas)",
                'V' => " (raw or structured records)",
                'f' => " (a float size other than 2, 4 or 8 bytes)",
                _ => "",
            };
            throw Unsupported(descr, source, hint);
        }

        return (t, order == '>' && t.Size() > 1);
    }

    private static MemfluxException Unsupported(string descr, string source, string hint) =>
        new($"{source}: the array has dtype '{descr}'{hint}, which Memflux does not read; expected one of {SupportedList} (either byte order).");
}
