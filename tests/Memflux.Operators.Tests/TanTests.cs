using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class TanTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Tan";

    protected override (double Low, double High) Range => (-1.5, 1.5);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [1.5707963, 100000.0];
}
