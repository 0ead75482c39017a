
public class ZzNaN
{
    [Fact]
    public void TopK() => new NodeCase("TopK", 11).In(Memflux.Numerics.Tensor.FromFloat32([1, float.NaN, 3, float.NaN, -1, 2], new Memflux.Numerics.TensorShape(1, 6))).Const(Memflux.Numerics.Tensor.Vector(6)).Out(Memflux.Numerics.DataType.Float32).Out(Memflux.Numerics.DataType.Int64).MatchesOrt();

    [Fact]
    public void TopKSmallest() => new NodeCase("TopK", 11).In(Memflux.Numerics.Tensor.FromFloat32([1, float.NaN, 3, float.NaN, -1, 2], new Memflux.Numerics.TensorShape(1, 6))).Const(Memflux.Numerics.Tensor.Vector(6)).Attr("largest", 0L).Out(Memflux.Numerics.DataType.Float32).Out(Memflux.Numerics.DataType.Int64).MatchesOrt();

    [Fact]
    public void ArgMax() => new NodeCase("ArgMax", 13).In(Memflux.Numerics.Tensor.FromFloat32([1, float.NaN, 3, 5, 1, float.NaN], new Memflux.Numerics.TensorShape(2, 3))).Attr("axis", 1L).Out(Memflux.Numerics.DataType.Int64).MatchesOrt();

    [Fact]
    public void ArgMin() => new NodeCase("ArgMin", 13).In(Memflux.Numerics.Tensor.FromFloat32([1, float.NaN, 3, 5, 1, float.NaN], new Memflux.Numerics.TensorShape(2, 3))).Attr("axis", 1L).Out(Memflux.Numerics.DataType.Int64).MatchesOrt();
}
