using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class NegTests : NumericUnaryOpTests
{
    protected override string OpType => "Neg";

    protected override DataType[] Types =>
        [DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int8, DataType.Int16, DataType.Int32, DataType.Int64];
}
