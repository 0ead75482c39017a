namespace Memflux.Operators.Tests;

public class RoundTests : FloatFunctionTests
{
    protected override string OpType => "Round";

    protected override (double Low, double High) Range => (-6, 6);

    protected override int FirstOpset => 11;

    protected override double[] ExtraSpecialValues => [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -3.5, 0.49999997, 8388609, 1e+20];
}
