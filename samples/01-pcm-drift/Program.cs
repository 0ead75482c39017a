// Sample 01: a PCM drift curve.
//
// Programs 20,000 phase-change memory devices to each of three target conductances with Memflux's statistical PCM
// model (Nandakumar et al. 2019 / Joshi et al. 2020, as aihwkit's PCMLikeNoiseModel), reads them at times from 1 s to
// 1 year after programming, and prints the mean conductance. Conductance decays as a power law,
// G(t) = G_prog · ((t + t0)/t0)^(−ν), so the exponent seen between two times, −ln(Ḡ(t2)/Ḡ(t1)) / ln((t2+t0)/(t1+t0)),
// should sit near the model's mean drift exponent μ_ν for that conductance: the last column compares the two.
//
//   dotnet run --project samples/01-pcm-drift -c Release
using System.Globalization;
using Memflux.Devices;

const int Devices = 20_000;
const ulong Seed = 1;
double[] targetsMicroSiemens = [2.5, 10, 20];
double[] timesSeconds = [1, 60, 3600, 86400, 30 * 86400, 365 * 86400];
string[] timeNames = ["1 s", "1 min", "1 h", "1 d", "30 d", "1 y"];

var device = new PcmDevice();
var p = device.Parameters;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PCM device, g_max {p.GMaxMicroSiemens} µS, t0 {p.DriftT0Seconds} s; {Devices} devices per target; mean conductance in µS"));
Console.WriteLine($"{"target",8}  {string.Join("  ", timeNames.Select(n => $"{n,7}"))}  {"ν seen",7}  {"μ_ν",7}");

var state = new DeviceState(Devices);
var read = new float[Devices];
var targets = new float[Devices];
for (int target = 0; target < targetsMicroSiemens.Length; target++)
{
    Array.Fill(targets, (float)targetsMicroSiemens[target]);
    device.Program(targets, state, key: Seed + (ulong)target);
    var means = new double[timesSeconds.Length];
    for (int t = 0; t < timesSeconds.Length; t++)
    {
        device.Read(state, timesSeconds[t], key: Seed + (ulong)target, readIndex: (ulong)t, read);
        means[t] = read.Average(g => (double)g);
    }

    double t0 = p.DriftT0Seconds;
    double nuSeen = -Math.Log(means[^1] / means[0]) / Math.Log((timesSeconds[^1] + t0) / (timesSeconds[0] + t0));
    double nuModel = PcmDevice.DriftExponentMean(targetsMicroSiemens[target] / p.GMaxMicroSiemens, p);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{targetsMicroSiemens[target],8:F1}  {string.Join("  ", means.Select(m => $"{m,7:F3}"))}  {nuSeen,7:F4}  {nuModel,7:F4}"));
}
