namespace Memflux.Operators.Tests;

public class SignTests : NumericUnaryOpTests
{
    protected override string OpType => "Sign";
}
