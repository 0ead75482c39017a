using Memflux.Numerics;

namespace Memflux.Data;

/// <summary>
/// An image-classification dataset in memory: images as fp32 [N, 1, rows, columns] scaled from 0..255 to [0, 1],
/// and one label per image.
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a dataset; <paramref name="images"/> is [N, C, H, W] fp32 and <paramref name="labels"/> holds N labels.</summary>
    public Dataset(string name, Tensor images, byte[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Type != DataType.Float32 || images.Shape.Rank != 4)
        {
            throw new ArgumentException($"Dataset images must be Float32 [N,C,H,W], found {images}.", nameof(images));
        }

        if (images.Shape[0] != labels.Length)
        {
            throw new ArgumentException($"Dataset holds {images.Shape[0]} images but {labels.Length} labels.", nameof(labels));
        }

        Name = name;
        Images = images;
        Labels = labels;
    }

    /// <summary>Where the dataset came from, e.g. <c>data/mnist (test)</c>.</summary>
    public string Name { get; }

    /// <summary>The images, fp32 [N, 1, rows, columns] in [0, 1].</summary>
    public Tensor Images { get; }

    /// <summary>The class label of each image.</summary>
    public byte[] Labels { get; }

    /// <summary>Number of items.</summary>
    public int Count => Labels.Length;

    /// <summary>Label <paramref name="index"/> as an int.</summary>
    public int Label(int index) => Labels[index];

    /// <summary>
    /// The first <paramref name="count"/> images (all when null) as a <see cref="SampleSet"/>: one feed of up to
    /// <paramref name="batchSize"/> images per run under graph input <paramref name="inputName"/>, with their labels.
    /// </summary>
    public SampleSet ToSampleSet(string inputName, int batchSize, int? count = null)
    {
        ArgumentNullException.ThrowIfNull(inputName);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int n = Math.Min(count ?? Count, Count);
        int per = Images.Length / Count;
        var feeds = new List<IReadOnlyDictionary<string, Tensor>>();
        for (int first = 0; first < n; first += batchSize)
        {
            int size = Math.Min(batchSize, n - first);
            int[] dims = [.. Images.Shape.Dimensions];
            dims[0] = size;
            var batch = Tensor.FromFloat32(Images.Float32.Slice(first * per, size * per).ToArray(), new TensorShape(dims));
            feeds.Add(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [inputName] = batch });
        }

        return new SampleSet(Name, feeds, labels: [.. Labels.AsSpan(0, n).ToArray().Select(l => (long)l)]);
    }

    /// <summary>The IDX file names of a split: train → train-*, test → t10k-*.</summary>
    public static (string Images, string Labels) FileNames(string split) => split switch
    {
        "train" => ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
        "test" => ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
        _ => throw new MemfluxException($"dataset split '{split}' is not known; expected 'train' or 'test'."),
    };

    /// <summary>
    /// Loads split <paramref name="split"/> ("train" or "test") from <paramref name="directory"/>, which holds the
    /// IDX files under their MNIST names, gzipped (<c>.gz</c>, preferred) or plain.
    /// </summary>
    public static Dataset Load(string directory, string split)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var (imagesName, labelsName) = FileNames(split);
        if (!Directory.Exists(directory))
        {
            throw new MemfluxException($"{directory}: dataset directory not found.");
        }

        string imagesPath = Locate(directory, imagesName);
        string labelsPath = Locate(directory, labelsName);
        return FromIdx($"{directory} ({split})", IdxReader.ReadImages(imagesPath), IdxReader.ReadLabels(labelsPath));
    }

    /// <summary>Builds a dataset from an image array (rank 3) and a label array (rank 1) of equal count.</summary>
    public static Dataset FromIdx(string name, IdxArray images, IdxArray labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Rank != 3)
        {
            throw new MemfluxException($"{images.Source}: images must have rank 3 (count, rows, columns), found rank {images.Rank}.");
        }

        if (labels.Rank != 1)
        {
            throw new MemfluxException($"{labels.Source}: labels must have rank 1, found rank {labels.Rank}.");
        }

        if (images.Count != labels.Count)
        {
            throw new MemfluxException($"{labels.Source}: holds {labels.Count} labels but {images.Source} holds {images.Count} images.");
        }

        var pixels = new float[images.Data.Length];
        ScaleToUnit(images.Data, pixels);
        var tensor = Tensor.FromFloat32(pixels, new TensorShape(images.Count, 1, images.Dimensions[1], images.Dimensions[2]));
        return new Dataset(name, tensor, labels.Data);
    }

    /// <summary>Maps bytes 0..255 to floats in [0, 1].</summary>
    private static void ScaleToUnit(ReadOnlySpan<byte> source, Span<float> destination)
    {
        // Division rather than multiplication by 1/255 so each value is the correctly rounded quotient.
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] / 255f;
        }
    }

    private static string Locate(string directory, string stem)
    {
        string gz = Path.Combine(directory, stem + ".gz");
        if (File.Exists(gz))
        {
            return gz;
        }

        string plain = Path.Combine(directory, stem);
        return File.Exists(plain) ? plain : throw new MemfluxException($"{gz}: file not found (nor {plain}).");
    }
}
