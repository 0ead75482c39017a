using System.Globalization;
using System.Text;
using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>
/// The header of a NumPy <c>.npy</c> array (format versions 1.0, 2.0 and 3.0, numpy/lib/format.py): element type, byte
/// order, memory order and shape, as parsed from the header's Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c>.
/// </summary>
/// <param name="Type">The element type.</param>
/// <param name="BigEndian">True when multi-byte elements are stored most significant byte first ('&gt;').</param>
/// <param name="FortranOrder">True when the data is in column-major (Fortran) order.</param>
/// <param name="Shape">The dimensions, outermost first.</param>
/// <param name="DataOffset">Bytes from the start of the file to the first element.</param>
public sealed record NpyHeader(DataType Type, bool BigEndian, bool FortranOrder, long[] Shape, int DataOffset)
{
    /// <summary>The magic string every .npy file starts with: 0x93 then "NUMPY".</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>
    /// Largest header accepted, in bytes. Version 1.0 cannot exceed 65,535; NumPy itself refuses headers over 10,000
    /// bytes unless told otherwise (<c>max_header_size</c>), and a simple dtype and shape need far less.
    /// </summary>
    public const int MaxHeaderBytes = 65_536;

    /// <summary>Bytes before the header text: magic (6), version (2) and the header length (2 in version 1, 4 after).</summary>
    public static int PrefixBytes(int majorVersion) => majorVersion == 1 ? 10 : 12;

    /// <summary>The element count, or an error when it overflows or exceeds what a <see cref="Tensor"/> holds.</summary>
    public long ElementCount(string source)
    {
        long count = 1;
        foreach (long d in Shape)
        {
            if (d > int.MaxValue || (d > 0 && count > int.MaxValue / d))
            {
                throw new MemfluxException($"{source}: the header declares shape {FormatShape(Shape)}, over {int.MaxValue} elements; Memflux tensors hold at most {int.MaxValue}.");
            }

            count *= d;
        }

        return count;
    }

    /// <summary>Bytes of element data the header declares (shape × item size).</summary>
    public long DataBytes(string source) => ElementCount(source) * Type.Size();

    /// <summary>Formats a shape as NumPy prints it: (2, 3), (3,), ().</summary>
    public static string FormatShape(IReadOnlyList<long> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    /// <summary>
    /// Parses the fixed prefix and the header text of <paramref name="prefixAndHeader"/>, which holds at least the
    /// whole header; <paramref name="source"/> names the file (and array) in errors.
    /// </summary>
    /// <param name="prefixAndHeader">The file's first bytes.</param>
    /// <param name="source">The file, as errors name it.</param>
    /// <param name="headerLength">Set from the prefix even when the header text is not yet complete.</param>
    /// <returns>The header, or null when <paramref name="prefixAndHeader"/> ends before the header does.</returns>
    internal static NpyHeader? TryParse(ReadOnlySpan<byte> prefixAndHeader, string source, out int headerLength)
    {
        headerLength = 0;
        var bytes = prefixAndHeader;
        if (bytes.Length is >= 6 and < 8 && bytes[..6].SequenceEqual(Magic))
        {
            throw new MemfluxException($"{source}: the file ends after {bytes.Length} bytes, inside the .npy header prefix (magic, version, header length).");
        }

        if (bytes.Length < 8 || !bytes[..6].SequenceEqual(Magic))
        {
            string found = bytes.Length == 0 ? "an empty file" : $"bytes {Convert.ToHexString(bytes[..Math.Min(8, bytes.Length)])}";
            throw new MemfluxException($"{source}: not a NumPy .npy file: expected the magic 934E554D5059 (\\x93NUMPY) and a version, found {found}.");
        }

        int major = bytes[6], minor = bytes[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new MemfluxException($"{source}: .npy format version {major}.{minor} is not supported; expected 1.0, 2.0 or 3.0.");
        }

        int prefix = PrefixBytes(major);
        if (bytes.Length < prefix)
        {
            throw new MemfluxException($"{source}: the file ends after {bytes.Length} bytes, inside the .npy header prefix ({prefix} bytes).");
        }

        long declared = major == 1
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..])
            : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
        if (declared > MaxHeaderBytes)
        {
            throw new MemfluxException($"{source}: the .npy header declares {declared} bytes; at most {MaxHeaderBytes} are accepted (a plain dtype and shape need under 200).");
        }

        headerLength = (int)declared;
        if (bytes.Length < prefix + headerLength)
        {
            return null;
        }

        var text = bytes.Slice(prefix, headerLength);
        string header;
        try
        {
            header = major == 3 ? new UTF8Encoding(false, true).GetString(text) : Encoding.Latin1.GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw new MemfluxException($"{source}: the .npy version 3.0 header is not valid UTF-8.");
        }

        return ParseDict(header, source, prefix + headerLength);
    }

    private static NpyHeader ParseDict(string header, string source, int dataOffset)
    {
        var parser = new DictParser(header, source);
        var entries = parser.Parse();
        foreach (string key in entries.Keys)
        {
            if (key is not ("descr" or "fortran_order" or "shape"))
            {
                throw new MemfluxException($"{source}: the .npy header has key '{key}'; expected only 'descr', 'fortran_order' and 'shape'.");
            }
        }

        object descr = Required(entries, "descr", source);
        object fortran = Required(entries, "fortran_order", source);
        object shape = Required(entries, "shape", source);
        if (descr is not string d)
        {
            throw new MemfluxException($"{source}: the .npy array has a structured dtype ({parser.Describe(descr)}); only plain numeric and bool dtypes are supported ({NpyDTypes.SupportedList}).");
        }

        if (fortran is not bool fortranOrder)
        {
            throw new MemfluxException($"{source}: the .npy header's 'fortran_order' is {parser.Describe(fortran)}; expected True or False.");
        }

        if (shape is not List<object> dims || dims.Any(x => x is not long))
        {
            throw new MemfluxException($"{source}: the .npy header's 'shape' is {parser.Describe(shape)}; expected a tuple of integers.");
        }

        var shapeDims = dims.Cast<long>().ToArray();
        if (shapeDims.Any(x => x < 0))
        {
            throw new MemfluxException($"{source}: the .npy header declares shape {FormatShape(shapeDims)}; dimensions must be 0 or more.");
        }

        var (type, bigEndian) = NpyDTypes.Parse(d, source);
        return new NpyHeader(type, bigEndian, fortranOrder, shapeDims, dataOffset);
    }

    private static object Required(Dictionary<string, object> entries, string key, string source) =>
        entries.TryGetValue(key, out var v) ? v : throw new MemfluxException($"{source}: the .npy header has no '{key}'; expected 'descr', 'fortran_order' and 'shape'.");

    /// <summary>
    /// The subset of Python literal syntax .npy headers use: a dict of quoted keys whose values are strings, True/False,
    /// integers, tuples or lists of these (a structured dtype's descr is a list of tuples).
    /// </summary>
    private sealed class DictParser(string text, string source)
    {
        private int _pos;

        public Dictionary<string, object> Parse()
        {
            SkipSpace();
            Expect('{');
            var entries = new Dictionary<string, object>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Peek() == '}')
                {
                    _pos++;
                    break;
                }

                if (ParseValue() is not string key)
                {
                    throw Error("a quoted key");
                }

                SkipSpace();
                Expect(':');
                if (!entries.TryAdd(key, ParseValue()))
                {
                    throw new MemfluxException($"{source}: the .npy header repeats the key '{key}'.");
                }

                SkipSpace();
                if (Peek() == ',')
                {
                    _pos++;
                }
                else if (Peek() != '}')
                {
                    throw Error("',' or '}'");
                }
            }

            SkipSpace();
            if (_pos != text.Length)
            {
                throw Error("the end of the header after the dict");
            }

            return entries;
        }

        public string Describe(object value) => value switch
        {
            string s => $"'{s}'",
            bool b => b ? "True" : "False",
            List<object> l => $"({string.Join(", ", l.Select(Describe))})",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
        };

        private object ParseValue()
        {
            SkipSpace();
            char c = Peek();
            if (c is '\'' or '"')
            {
                _pos++;
                int end = text.IndexOf(c, _pos);
                if (end < 0)
                {
                    throw Error($"a closing {c}");
                }

                string s = text[_pos..end];
                _pos = end + 1;
                return s;
            }

            if (c is '(' or '[')
            {
                char close = c == '(' ? ')' : ']';
                _pos++;
                var items = new List<object>();
                while (true)
                {
                    SkipSpace();
                    if (Peek() == close)
                    {
                        _pos++;
                        return items;
                    }

                    items.Add(ParseValue());
                    SkipSpace();
                    if (Peek() == ',')
                    {
                        _pos++;
                    }
                    else if (Peek() != close)
                    {
                        throw Error($"',' or '{close}'");
                    }
                }
            }

            int start = _pos;
            while (_pos < text.Length && (char.IsAsciiLetterOrDigit(text[_pos]) || text[_pos] is '-' or '+' or '_'))
            {
                _pos++;
            }

            string word = text[start.._pos];
            if (word == "True")
            {
                return true;
            }

            if (word == "False")
            {
                return false;
            }

            // Python 2 era writers appended L to longs: (3L, 4L).
            string digits = word.EndsWith('L') ? word[..^1] : word;
            if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long n))
            {
                return n;
            }

            _pos = start;
            throw Error("a string, True, False, an integer or a tuple");
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"'{c}'");
            }

            _pos++;
        }

        private MemfluxException Error(string expected)
        {
            string found = _pos >= text.Length ? "the end of the header" : $"'{text[_pos..Math.Min(text.Length, _pos + 20)]}'";
            return new MemfluxException($"{source}: cannot parse the .npy header {Quote(text)}: expected {expected} at character {_pos}, found {found}.");
        }

        private static string Quote(string s) => s.Length > 120 ? $"\"{s[..120].TrimEnd()}...\"" : $"\"{s.TrimEnd()}\"";
    }
}
