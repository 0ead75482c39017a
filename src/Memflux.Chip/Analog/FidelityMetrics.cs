using System.Numerics;
using Memflux.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Memflux.Chip.Analog;

/// <summary>
/// How close one output of an analog run is to the digital reference's, accumulated over any number of runs (feeds):
/// <list type="bullet">
/// <item>normalized RMS error RMS(analog − ref) / RMS(ref) = √(Σ(a − r)² / Σr²) over every element (0 when both sums
/// are 0, +∞ when only the reference is all zero);</item>
/// <item>signal-to-noise ratio 10·log10(Σr² / Σ(a − r)²) in dB (+∞ when the outputs are identical, −∞ when only the
/// reference is all zero);</item>
/// <item>cosine similarity per sample, then averaged over samples: a sample is a slice of the output's first dimension
/// (the whole output when its rank is 0 or 1); 1 when both slices are zero, 0 when only one is;</item>
/// <item>top-1 agreement for an output with a class axis (last dimension &gt; 1): the share of rows (all leading
/// indices) whose arg-max, first maximum winning, is the reference's.</item>
/// </list>
/// Sums are in fp64; elements of any numeric type or bool are compared as fp64.
/// </summary>
public sealed class FidelityMetrics
{
    private double _errorSquares;
    private double _referenceSquares;
    private double _cosineSum;

    /// <summary>Samples (cosine rows) seen.</summary>
    public long Samples { get; private set; }

    /// <summary>Rows with a class axis seen (0 when the output has none).</summary>
    public long ClassRows { get; private set; }

    /// <summary>Of <see cref="ClassRows"/>, those whose arg-max is the reference's.</summary>
    public long AgreeingRows { get; private set; }

    /// <summary>√(Σ(a − r)² / Σr²).</summary>
    public double NormalizedRmsError => _errorSquares == 0 ? 0 : _referenceSquares == 0 ? double.PositiveInfinity : Math.Sqrt(_errorSquares / _referenceSquares);

    /// <summary>10·log10(Σr² / Σ(a − r)²) in dB.</summary>
    public double SnrDecibels => _errorSquares == 0 ? double.PositiveInfinity : _referenceSquares == 0 ? double.NegativeInfinity : 10 * Math.Log10(_referenceSquares / _errorSquares);

    /// <summary>Mean over samples of the cosine similarity of the analog and reference slices (NaN before any sample).</summary>
    public double CosineSimilarity => Samples == 0 ? double.NaN : _cosineSum / Samples;

    /// <summary>Share of class rows whose arg-max agrees with the reference; null when the output has no class axis.</summary>
    public double? Top1Agreement => ClassRows == 0 ? null : (double)AgreeingRows / ClassRows;

    /// <summary>Whether an output of shape <paramref name="shape"/> has a class axis (last dimension &gt; 1).</summary>
    public static bool HasClassAxis(TensorShape shape) => shape.Rank >= 1 && shape[shape.Rank - 1] > 1;

    /// <summary>Adds one run's output: <paramref name="actual"/> from the analog chip, <paramref name="reference"/> from the reference.</summary>
    public void Add(Tensor actual, Tensor reference)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(reference);
        if (!actual.Shape.Equals(reference.Shape))
        {
            throw new ArgumentException($"analog output {actual.Shape} but reference {reference.Shape}.", nameof(actual));
        }

        var shape = reference.Shape;
        int samples = shape.Rank >= 2 ? shape[0] : 1;
        int classes = HasClassAxis(shape) ? shape[shape.Rank - 1] : 0;
        if (actual.Type == DataType.Float32 && reference.Type == DataType.Float32)
        {
            AddCore<float>(actual.Float32, reference.Float32, samples, classes);
        }
        else
        {
            AddCore<double>(ToDoubles(actual), ToDoubles(reference), samples, classes);
        }
    }

    /// <summary>Every element of <paramref name="tensor"/> as fp64.</summary>
    internal static double[] ToDoubles(Tensor tensor)
    {
        var values = new double[tensor.Length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = tensor.GetAsDouble(i);
        }

        return values;
    }

    private void AddCore<T>(ReadOnlySpan<T> actual, ReadOnlySpan<T> reference, int samples, int classes)
        where T : unmanaged, INumber<T>
    {
        int length = reference.Length;
        if (length == 0)
        {
            return;
        }

        int perSample = length / samples;
        for (int s = 0; s < samples; s++)
        {
            double dot = 0, aa = 0, rr = 0, dd = 0;
            var a = actual.Slice(s * perSample, perSample);
            var r = reference.Slice(s * perSample, perSample);
            for (int i = 0; i < perSample; i++)
            {
                double x = double.CreateTruncating(a[i]), y = double.CreateTruncating(r[i]), d = x - y;
                dot += x * y;
                aa += x * x;
                rr += y * y;
                dd += d * d;
            }

            _errorSquares += dd;
            _referenceSquares += rr;
            _cosineSum += aa == 0 && rr == 0 ? 1 : aa == 0 || rr == 0 ? 0 : dot / Math.Sqrt(aa * rr);
        }

        Samples += samples;
        if (classes > 0)
        {
            int rows = length / classes;
            for (int i = 0; i < rows; i++)
            {
                if (TensorPrimitives.IndexOfMax(actual.Slice(i * classes, classes)) == TensorPrimitives.IndexOfMax(reference.Slice(i * classes, classes)))
                {
                    AgreeingRows++;
                }
            }

            ClassRows += rows;
        }
    }
}

/// <summary>
/// Top-1 and top-5 accuracy of scores against labels, accumulated over runs. A row of scores (the last dimension is
/// the class axis) is top-1 correct when its arg-max (first maximum winning) is the label, and top-5 correct when
/// fewer than five classes rank above the label (a higher score, or an equal one at a lower index).
/// </summary>
public sealed class LabelAccuracy
{
    /// <summary>Rows seen.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows whose arg-max is the label.</summary>
    public long Top1Correct { get; private set; }

    /// <summary>Rows whose label is among the five highest scores.</summary>
    public long Top5Correct { get; private set; }

    /// <summary>Top-1 accuracy (NaN before any row).</summary>
    public double Top1 => Rows == 0 ? double.NaN : (double)Top1Correct / Rows;

    /// <summary>Top-5 accuracy (NaN before any row); 1 when there are five classes or fewer.</summary>
    public double Top5 => Rows == 0 ? double.NaN : (double)Top5Correct / Rows;

    /// <summary>
    /// Checks that every label names one of <paramref name="classes"/> classes: a label the model cannot output would
    /// count as a miss without a word, which is what a model with fewer classes than its dataset did (issue 18 §4).
    /// <paramref name="what"/> starts the error (the labels' source and the output).
    /// </summary>
    public static void CheckRange(ReadOnlySpan<long> labels, int classes, string what)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((ulong)labels[i] >= (ulong)classes)
            {
                throw new MemfluxException(
                    $"{what}: label {labels[i]} of sample {i} is outside the model's {classes} classes (0 to {classes - 1}); " +
                    "the labels and the model's class axis must be the same classes.");
            }
        }
    }

    /// <summary>
    /// A note when the model has more classes than the labels use (a 1000-class model on a 10-class dataset): the extra
    /// classes can win the top-1 and count as misses. Null when the labels reach the last class.
    /// </summary>
    public static string? UnusedClassesNote(ReadOnlySpan<long> labels, int classes, string what)
    {
        long highest = labels.IsEmpty ? -1 : System.Numerics.Tensors.TensorPrimitives.Max(labels);
        return highest + 1 >= classes ? null
            : $"note: {what}: the labels use classes 0 to {highest} but the model scores {classes}; a score of classes {highest + 1} to {classes - 1} can win the top-1 and counts as a miss.";
    }

    /// <summary>Adds <paramref name="scores"/> (rows × classes, any numeric type) and one label per row.</summary>
    public void Add(Tensor scores, ReadOnlySpan<long> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int classes = scores.Shape.Rank == 0 ? 1 : scores.Shape[scores.Shape.Rank - 1];
        int rows = classes == 0 ? 0 : scores.Length / classes;
        if (rows != labels.Length)
        {
            throw new ArgumentException($"{rows} rows of scores but {labels.Length} labels.", nameof(labels));
        }

        if (scores.Type == DataType.Float32)
        {
            AddCore<float>(scores.Float32, labels, classes);
        }
        else
        {
            AddCore<double>(FidelityMetrics.ToDoubles(scores), labels, classes);
        }
    }

    private void AddCore<T>(ReadOnlySpan<T> scores, ReadOnlySpan<long> labels, int classes)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < labels.Length; i++)
        {
            var row = scores.Slice(i * classes, classes);
            long label = labels[i];
            if ((ulong)label >= (ulong)classes)
            {
                throw new MemfluxException($"label {label} of row {Rows + i} is outside the {classes} classes of the output.");
            }

            Top1Correct += TensorPrimitives.IndexOfMax(row) == label ? 1 : 0;
            T score = row[(int)label];
            int above = 0;
            for (int j = 0; j < classes && above < 5; j++)
            {
                if (row[j] > score || (row[j] == score && j < label))
                {
                    above++;
                }
            }

            Top5Correct += above < 5 ? 1 : 0;
        }

        Rows += labels.Length;
    }
}
