using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class ReduceMaxTests : ReduceTestBase
{
    protected override string Op => "ReduceMax";

    protected override DataType[] Types => [DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int32, DataType.Int64, DataType.Int8, DataType.UInt8];
}
