namespace Memflux.Operators.Tests;

public class SqrtTests : FloatFunctionTests
{
    protected override string OpType => "Sqrt";

    protected override (double Low, double High) Range => (0, 100);

    protected override int FirstOpset => 7;

    protected override double[] ExtraSpecialValues => [1e-40, 4, 3.4e+38];
}
