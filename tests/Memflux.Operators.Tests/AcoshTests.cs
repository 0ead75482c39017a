using Memflux.Numerics;

namespace Memflux.Operators.Tests;

public class AcoshTests : FloatFunctionTests
{
    protected override DataType[] OrtTypes => [DataType.Float32, DataType.Float16];

    protected override string OpType => "Acosh";

    protected override (double Low, double High) Range => (1, 10);

    protected override int FirstOpset => 9;

    protected override double[] ExtraSpecialValues => [1.0000001, 0.9999999, 10000000000.0];
}
