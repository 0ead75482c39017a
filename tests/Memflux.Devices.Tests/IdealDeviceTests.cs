
namespace Memflux.Devices.Tests;

public class IdealDeviceTests
{
    [Fact]
    public void ReadsWhatWasProgrammedAtAnyTime()
    {
        var device = new IdealDevice();
        var state = new DeviceState(3);
        device.Program([0f, 12.5f, 25f], state, key: 7);
        var read = new float[3];
        device.Read(state, 3.15e7, key: 7, readIndex: 4, read);
        Assert.Equal([0f, 12.5f, 25f], read);
    }
}
