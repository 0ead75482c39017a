// Sample 02: one crossbar tile's matrix-vector product error against ADC resolution.
//
// Programs one 256×256 random weight matrix onto a single crossbar tile and multiplies 64 random input vectors,
// with the ADC at 4 to 12 bits and without quantisation, over a ±10 output range (aihwkit's out_bound). Each line
// prints the normalised RMS error of the tile's outputs against the exact product, twice: on ideal devices with a
// noiseless periphery (the error is the ADC's alone: it halves with each bit until what is left is the ±10 range
// saturating the largest outputs: inputs are scaled by their largest magnitude and each column by its largest weight,
// so an output saturates where |x·w_j| > 10 · max|x| · max|w_j|), and on the `pcm` preset's devices and periphery with the same ADC (the error stops falling
// once the ADC's step is small beside programming noise, read noise and output noise).
//
//   dotnet run --project samples/02-tile-adc-bits -c Release
using System.Globalization;
using Memflux.Devices;
using Memflux.Tiles;

const int Size = 256;
const int Vectors = 64;
const ulong Seed = 7;
var random = new Random(1);
var weights = new float[Size * Size];
for (int i = 0; i < weights.Length; i++)
{
    weights[i] = (float)Gaussian(random) * 0.1f;
}

var x = new float[Vectors * Size];
for (int i = 0; i < x.Length; i++)
{
    x[i] = (float)random.NextDouble();
}

var exact = new float[Vectors * Size]; // the exact product x·W in double, rounded once
for (int v = 0; v < Vectors; v++)
{
    for (int j = 0; j < Size; j++)
    {
        double sum = 0;
        for (int i = 0; i < Size; i++)
        {
            sum += x[(v * Size) + i] * (double)weights[(i * Size) + j];
        }

        exact[(v * Size) + j] = (float)sum;
    }
}

var ideal = TileConfig.Ideal with { Mapping = new(WeightScaling.PerColumn), NoiseManagement = NoiseManagement.AbsMax };
Console.WriteLine($"one {Size}×{Size} tile, {Vectors} input vectors; NRMSE of the outputs against the exact product");
Console.WriteLine($"{"ADC bits",8}  {"ideal devices",13}  {"pcm preset",10}");
int?[] bits = [4, 5, 6, 7, 8, 9, 10, 12, null];
foreach (int? b in bits)
{
    var adc = new AdcSpec(b, 10.0);
    double idealError = Error(ideal with { Adc = adc }, new IdealDevice());
    double pcmError = Error(TileConfig.Pcm with { Adc = adc }, new PcmDevice());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(b is int n ? n.ToString(CultureInfo.InvariantCulture) : "none"),8}  {idealError,13:E3}  {pcmError,10:E3}"));
}

double Error(TileConfig config, DeviceModel device)
{
    var matrix = new AnalogMatrix(weights, Size, Size, config, device, Seed, matrixId: 0);
    matrix.Read(timeSeconds: 1, readIndex: 0);
    var y = new float[Vectors * Size];
    matrix.Multiply(x, Vectors, y);
    double error = 0, reference = 0;
    for (int i = 0; i < y.Length; i++)
    {
        error += (y[i] - exact[i]) * (double)(y[i] - exact[i]);
        reference += exact[i] * (double)exact[i];
    }

    return Math.Sqrt(error / reference);
}

static double Gaussian(Random random) =>
    Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

