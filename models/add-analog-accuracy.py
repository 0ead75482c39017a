#!/usr/bin/env python3
"""Adds analog accuracy over time (issue 4) and the HWA benefit (issue 3) to models/manifest.json.

Usage (from the repository root): run, for NAME in mnist-lenet5, mnist-lenet5-hwa, fashion-cnn, fashion-cnn-hwa and
GDC in on, off,

    dotnet run --project src/Memflux.Cli -c Release -- eval --model NAME --dataset DATASET --preset pcm \\
        --times 1s,1h,1d,1y --seeds 5 --gdc GDC --json > RESULTS/NAME-gdc-GDC.json

then `python3 models/add-analog-accuracy.py RESULTS`. The accuracy loss at one day is the ONNX Runtime reference
accuracy minus the mean over the 5 chips with drift compensation on (the pcm preset's default).
"""
import json
import sys

MODELS = {"mnist-lenet5": "mnist", "mnist-lenet5-hwa": "mnist", "fashion-cnn": "fashion-mnist", "fashion-cnn-hwa": "fashion-mnist"}
DAY = 86400.0


def command(name, dataset, gdc):
    return (f"dotnet run --project src/Memflux.Cli -c Release -- eval --model {name} --dataset {dataset} --preset pcm "
            f"--times 1s,1h,1d,1y --seeds 5 --gdc {gdc} --json")


def rows(report):
    return [{"time_s": r["time_s"], "accuracy_mean": round(r["accuracy_mean"], 5),
             "accuracy_ci95": None if r["accuracy_ci95"] is None else round(r["accuracy_ci95"], 5)} for r in report["results"]]


def loss_at_day(entry):
    day = next(r for r in entry["gdc_on"] if r["time_s"] == DAY)
    return round(entry["reference_accuracy"] - day["accuracy_mean"], 5)


def main(results):
    manifest = json.load(open("models/manifest.json", encoding="utf-8"))
    by_name = {m["name"]: m for m in manifest["models"]}
    for name, dataset in MODELS.items():
        on = json.load(open(f"{results}/{name}-gdc-on.json", encoding="utf-8"))
        off = json.load(open(f"{results}/{name}-gdc-off.json", encoding="utf-8"))
        by_name[name]["analog_pcm"] = {
            "preset": on["preset"],
            "chips": on["chips"],
            "samples": on["samples"],
            "reference_accuracy": on["reference_accuracy"],
            "commands": [command(name, dataset, "on"), command(name, dataset, "off")],
            "gdc_on": rows(on),
            "gdc_off": rows(off),
        }
        by_name[name]["analog_pcm"]["loss_at_1d_gdc_on"] = loss_at_day(by_name[name]["analog_pcm"])
    for name in ("mnist-lenet5-hwa", "fashion-cnn-hwa"):
        plain = by_name[name.removesuffix("-hwa")]["analog_pcm"]["loss_at_1d_gdc_on"]
        hwa = by_name[name]["analog_pcm"]["loss_at_1d_gdc_on"]
        by_name[name]["hwa_benefit_at_1d"] = {
            "plain_loss": plain,
            "hwa_loss": hwa,
            "target": "hwa_loss <= plain_loss / 2",
            "met": hwa <= plain / 2,
        }
    with open("models/manifest.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
