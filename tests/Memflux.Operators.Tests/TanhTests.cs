namespace Memflux.Operators.Tests;

public class TanhTests : FloatFunctionTests
{
    protected override string OpType => "Tanh";
}
