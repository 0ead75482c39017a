using Memflux.TestSupport;
namespace Memflux.Devices.Tests;

public sealed class IdealDeviceContract : DeviceModelContract
{
    protected override bool HasReadNoise => false;

    protected override bool HasProgrammingNoise => false;

    protected override DeviceModel Create(int maxDegreeOfParallelism = -1) => new IdealDevice { MaxDegreeOfParallelism = maxDegreeOfParallelism };
}

public sealed class IdealDeviceWithNonIdealitiesContract : DeviceModelContract
{
    protected override bool HasReadNoise => false;

    protected override DeviceModel Create(int maxDegreeOfParallelism = -1) =>
        new IdealDevice(30, TestNonIdealities.Some) { MaxDegreeOfParallelism = maxDegreeOfParallelism };
}

public sealed class PcmDeviceContract : DeviceModelContract
{
    protected override DeviceModel Create(int maxDegreeOfParallelism = -1) => new PcmDevice { MaxDegreeOfParallelism = maxDegreeOfParallelism };
}

public sealed class PcmDeviceWithNonIdealitiesContract : DeviceModelContract
{
    protected override DeviceModel Create(int maxDegreeOfParallelism = -1) =>
        new PcmDevice(PcmParameters.Default, TestNonIdealities.Some) { MaxDegreeOfParallelism = maxDegreeOfParallelism };
}

internal static class TestNonIdealities
{
    public static DeviceNonIdealities Some { get; } = new(0.01, 0.02, 0.03, ProgrammableLevels: 16, GMaxDeviceSpreadRelative: 0.05);
}

public sealed class RramDeviceContract : DeviceModelContract
{
    protected override DeviceModel Create(int maxDegreeOfParallelism = -1) => new RramDevice { MaxDegreeOfParallelism = maxDegreeOfParallelism };
}

public sealed class RramDeviceWithNonIdealitiesContract : DeviceModelContract
{
    protected override DeviceModel Create(int maxDegreeOfParallelism = -1) =>
        new RramDevice(RramParameters.Default, TestNonIdealities.Some) { MaxDegreeOfParallelism = maxDegreeOfParallelism };
}

public sealed class CustomDeviceContract : DeviceModelContract
{
    protected override DeviceModel Create(int maxDegreeOfParallelism = -1) =>
        new CustomDevice(CustomDeviceCsv.Read(RepositoryPaths.Combine("data", "devices", "pcm-like-example.csv"))) { MaxDegreeOfParallelism = maxDegreeOfParallelism };
}

public sealed class CustomDeviceWithNonIdealitiesContract : DeviceModelContract
{
    protected override DeviceModel Create(int maxDegreeOfParallelism = -1) =>
        new CustomDevice(CustomDeviceCsv.Read(RepositoryPaths.Combine("data", "devices", "pcm-like-example.csv")), nonIdealities: TestNonIdealities.Some) { MaxDegreeOfParallelism = maxDegreeOfParallelism };
}
