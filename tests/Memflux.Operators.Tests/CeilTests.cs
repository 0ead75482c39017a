namespace Memflux.Operators.Tests;

public class CeilTests : FloatFunctionTests
{
    protected override string OpType => "Ceil";

    protected override (double Low, double High) Range => (-6, 6);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [0.49999997, 1.5, -1.5, 1e+20];
}
