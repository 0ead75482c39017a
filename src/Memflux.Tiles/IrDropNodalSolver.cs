namespace Memflux.Tiles;

/// <summary>
/// The exact IR-drop solution of the wire network described in <see cref="IrDropSpec"/>: Kirchhoff's current law at
/// every row node U_iq and column node V_iq, solved by conjugate gradients with a Jacobi preconditioner in double
/// precision (the conductance matrix is symmetric positive definite). For validating <see cref="IrDrop"/> on small
/// arrays (e.g. 32×64); the cost grows as (R·Q)^1.5.
/// </summary>
public static class IrDropNodalSolver
{
    /// <summary>
    /// Output currents (µA) of each column for input voltages <paramref name="inputVolts"/> (length R) on conductances
    /// <paramref name="conductance"/> (R×Q, µS) with wire resistance <paramref name="wireResistanceOhms"/> (&gt; 0).
    /// </summary>
    public static double[] Solve(ReadOnlySpan<float> conductance, int rows, int columns, ReadOnlySpan<double> inputVolts, double wireResistanceOhms)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(wireResistanceOhms);
        if (conductance.Length != rows * columns || inputVolts.Length != rows)
        {
            throw new ArgumentException($"expected {rows}×{columns} conductances and {rows} inputs, found {conductance.Length} and {inputVolts.Length}");
        }

        var network = new Network(conductance.ToArray(), rows, columns, 1e6 / wireResistanceOhms);
        int n = 2 * rows * columns;
        var b = new double[n];
        for (int i = 0; i < rows; i++)
        {
            b[i * columns] = network.Gw * inputVolts[i];
        }

        double[] x = ConjugateGradient(network, b);
        var currents = new double[columns];
        int vBase = rows * columns;
        for (int q = 0; q < columns; q++)
        {
            currents[q] = network.Gw * x[vBase + ((rows - 1) * columns) + q];
        }

        return currents;
    }

    private static double[] ConjugateGradient(Network a, double[] b)
    {
        int n = b.Length;
        var x = new double[n];
        var r = (double[])b.Clone();
        var z = new double[n];
        var p = new double[n];
        var ap = new double[n];
        var diag = new double[n];
        a.Diagonal(diag);
        for (int i = 0; i < n; i++)
        {
            z[i] = r[i] / diag[i];
            p[i] = z[i];
        }

        double rz = Dot(r, z);
        double bNorm = Math.Sqrt(Dot(b, b));
        for (int iteration = 0; iteration < 50 * n && Math.Sqrt(Dot(r, r)) > 1e-14 * bNorm; iteration++)
        {
            a.Multiply(p, ap);
            double alpha = rz / Dot(p, ap);
            for (int i = 0; i < n; i++)
            {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
                z[i] = r[i] / diag[i];
            }

            double rzNext = Dot(r, z);
            double beta = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < n; i++)
            {
                p[i] = z[i] + (beta * p[i]);
            }
        }

        return x;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>The nodal conductance matrix: unknowns U (row nodes) then V (column nodes), both R×Q row-major.</summary>
    private sealed class Network(float[] g, int rows, int columns, double gw)
    {
        public double Gw => gw;

        public void Diagonal(double[] d)
        {
            int vBase = rows * columns;
            for (int i = 0; i < rows; i++)
            {
                for (int q = 0; q < columns; q++)
                {
                    int k = (i * columns) + q;
                    // Row node: left segment always (driver or neighbour), right segment unless last column.
                    d[k] = gw * (q < columns - 1 ? 2 : 1) + g[k];
                    // Column node: lower segment always (neighbour or integrator), upper segment unless first row.
                    d[vBase + k] = gw * (i > 0 ? 2 : 1) + g[k];
                }
            }
        }

        public void Multiply(double[] x, double[] y)
        {
            int vBase = rows * columns;
            for (int i = 0; i < rows; i++)
            {
                for (int q = 0; q < columns; q++)
                {
                    int k = (i * columns) + q;
                    double u = x[k], v = x[vBase + k], gk = g[k];
                    // Left segment: to the driver (a fixed potential, moved to the right-hand side) or the neighbour.
                    double row = gw * (q == 0 ? u : u - x[k - 1]);

                    if (q < columns - 1)
                    {
                        row += gw * (u - x[k + 1]);
                    }

                    y[k] = row + (gk * (u - v));
                    // Lower segment: to the integrator's virtual ground or the neighbour below.
                    double col = gw * (i == rows - 1 ? v : v - x[vBase + k + columns]);

                    if (i > 0)
                    {
                        col += gw * (v - x[vBase + k - columns]);
                    }

                    y[vBase + k] = col + (gk * (v - u));
                }
            }
        }
    }
}
