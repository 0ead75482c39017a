namespace Memflux.Report.Tests;

/// <summary>Report models with every section filled, so every plot kind is drawn (two chips, so the links are too).</summary>
internal static class SampleReports
{
    public static ReportModel Full()
    {
        var header = new ReportHeader(
            "run", "fashion-cnn", new string('a', 64), "hermes", "pcm-hermes", [new ReportSetting("--limit", "100"), new ReportSetting("tiles", "256x256")],
            [0, 1, 2], "1.0.0", "0123abc", "memflux run --limit 100 --report 'my report'", new EmbeddedFile("experiment.json", "{\n  \"model\": \"fashion-cnn\" <&>\n}"));
        double[] times = [1, 3600, 86400, 31536000];
        var accuracy = new AccuracyFigure(
            "top-1 accuracy", times,
            [new MetricSeries("drift compensation global", [0.91, 0.905, 0.9, 0.89], [0.004, 0.005, null, 0.01]), new MetricSeries("drift compensation none", [0.91, 0.7, 0.4, 0.12], [0.004, 0.05, 0.08, 0.02])],
            0.9234, "digital reference (ONNX Runtime)", 3, 1000);
        var layers = new LayerErrorFigure(31536000, 500, [new LayerErrorBar("conv1", 0.05, 0.05), new LayerErrorBar("conv2", 0.09, 0.04), new LayerErrorBar("fc", 0.12, 0.03)]);
        var cost = new CostFigure(
            [new CostComponent("dac", 1.3e-6), new CostComponent("adc", 1.1e-6), new CostComponent("noc", 2.4e-7)],
            [new CostComponent("baseline compute", 1.3e-6), new CostComponent("baseline weight movement", 1.1e-6)],
            "digital int8 baseline (sram)", [new CostComponent("array", 19.2), new CostComponent("adc", 6.55)], 0.72);
        CoreUse Core(int core, int tiles, params int[] layer) => new(core, tiles, tiles / 8.0, layer);
        var floorplan = new FloorplanFigure(2, 3, 8, ["conv1", "conv2", "fc"],
            [new FloorplanChip(0, [Core(0, 8, 0), Core(1, 6, 0, 1), Core(2, 3, 1), Core(3, 0), Core(4, 0), Core(5, 0)]), new FloorplanChip(1, [Core(0, 5, 2), Core(1, 0), Core(2, 0), Core(3, 0), Core(4, 0), Core(5, 0)])],
            [new ChipLinkTraffic(0, 1, 4096)]);
        var timeline = new TimelineFigure(["layer 0 tiles", "layer 1 tiles", "core 0 digital", "link 0"],
            [new BusyInterval(0, 0, 800), new BusyInterval(0, 900, 1700), new BusyInterval(1, 800, 2400), new BusyInterval(2, 2400, 2600), new BusyInterval(3, 2600, 3000)],
            "layer 1 tiles", 3000, 2);
        var random = new Random(5);
        float[] errors = [.. Enumerable.Range(0, 4000).Select(_ => (float)((random.NextDouble() + random.NextDouble() - 1) * 2))];
        float[] nu = [.. Enumerable.Range(0, 4000).Select(_ => (float)(0.05 + (0.01 * (random.NextDouble() - 0.5))))];
        var devices = new DeviceFigure("tile 0 of conv2", 4000, Histogram.Of(errors, 40, "errors"), Histogram.Of(nu, 40, "nu"));
        return new ReportModel(header, accuracy, layers, cost, floorplan, timeline, devices, [new OmittedSection("nothing", "a test of the omitted list")]);
    }

    /// <summary>A sweep of 12 points: ADC bits × chip, plain and HWA models, accuracy against energy and area.</summary>
    public static SweepReportModel Sweep()
    {
        var points = new List<SweepReportPoint>();
        string[] chips = ["\"hermes\"", "\"isaac\""];
        string[] models = ["\"fashion-cnn\"", "\"fashion-cnn-hwa\""];
        foreach (string model in models)
        {
            foreach (string chip in chips)
            {
                foreach (int bits in (int[])[4, 6, 8])
                {
                    bool isaac = chip.Contains("isaac", StringComparison.Ordinal);
                    double accuracy = (bits == 4 ? 0.12 : 0.85 + (0.01 * bits)) + (model.Contains("hwa", StringComparison.Ordinal) ? 0.01 : 0);
                    double energy = (isaac ? 2.4e-4 : 3.3e-6) * (1 + (0.1 * bits));
                    points.Add(new SweepReportPoint(points.Count, new string((char)('a' + points.Count), 64), [model, chip, bits.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                        accuracy, energy, isaac ? 85.42 : 39.83 + bits, false, false, 1.5 + points.Count));
                }
            }
        }

        // The fronts as ParetoFront.Mark finds them for these numbers.
        bool[] energyFront = [.. points.Select(p => !points.Any(o => o.EnergyPerInferenceJ <= p.EnergyPerInferenceJ && o.Quality >= p.Quality && (o.EnergyPerInferenceJ < p.EnergyPerInferenceJ || o.Quality > p.Quality)))];
        bool[] areaFront = [.. points.Select(p => !points.Any(o => o.AreaMm2 <= p.AreaMm2 && o.Quality >= p.Quality && (o.AreaMm2 < p.AreaMm2 || o.Quality > p.Quality)))];
        points = [.. points.Select((p, i) => p with { ParetoEnergy = energyFront[i], ParetoArea = areaFront[i] })];
        return new SweepReportModel("results <&>.db", "accuracy", 86400, ["model", "hardware.preset", "device.overrides.tiles.adc.bits"], points,
            [
                new SweepSensitivity("accuracy", 86400, [new SweepAxisSpread("device.overrides.tiles.adc.bits", 0.75), new SweepAxisSpread("model", 0.01)]),
                new SweepSensitivity("energy_per_inference_j", null, [new SweepAxisSpread("hardware.preset", 2.5e-4), new SweepAxisSpread("device.overrides.tiles.adc.bits", 5e-5)]),
                new SweepSensitivity("area_mm2", null, [new SweepAxisSpread("hardware.preset", 44.6)]),
            ],
            "1.0.0", "memflux sweep report 'results <&>.db'");
    }
}
