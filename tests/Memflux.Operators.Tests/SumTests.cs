using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class SumTests : VariadicOpTests
{
    protected override string OpType => "Sum";

    protected override DataType[] Types => TypedTensors.FloatTypes;
}
