#!/usr/bin/env python3
"""Adds analog accuracy over time (issue 4) and the HWA benefit (issue 3) to models/manifest.json.

Usage (from the repository root): run, for NAME in mnist-lenet5, mnist-lenet5-hwa, fashion-cnn, fashion-cnn-hwa and
GDC in on, off,

    dotnet run --project src/Memflux.Cli -c Release -- eval --model NAME --dataset DATASET --preset pcm \\
        --times 1s,1h,1d,1y --seeds 5 --gdc GDC --json > RESULTS/NAME-gdc-GDC.json

then `python3 models/add-analog-accuracy.py RESULTS`. Models whose two files are missing keep their manifest entry,
so one retrained model can be re-measured alone. The accuracy loss at one day is the ONNX Runtime reference accuracy
minus the mean over the 5 chips with drift compensation on (the pcm preset's default).

The HWA benefit is also checked on 10 chips at one day when RESULTS holds NAME-1d-10chips.json for a plain model and
its -hwa variant, from

    dotnet run --project src/Memflux.Cli -c Release -- eval --model NAME --dataset DATASET --preset pcm \
        --times 1d --seeds 10 --gdc on --json > RESULTS/NAME-1d-10chips.json
"""
import os
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


def ten_chip_check(results, name):
    plain_name = name.removesuffix("-hwa")
    files = [f"{results}/{n}-1d-10chips.json" for n in (plain_name, name)]
    if not all(os.path.exists(f) for f in files):
        return None
    losses = []
    for f in files:
        report = json.load(open(f, encoding="utf-8"))
        day = next(r for r in report["results"] if r["time_s"] == DAY)
        losses.append((round(report["reference_accuracy"] - day["accuracy_mean"], 5), round(day["accuracy_ci95"], 5)))
    dataset = MODELS[name]
    return {
        "chips": 10,
        "commands": [f"dotnet run --project src/Memflux.Cli -c Release -- eval --model {n} --dataset {dataset} --preset pcm "
                     f"--times 1d --seeds 10 --gdc on --json" for n in (plain_name, name)],
        "plain_loss": losses[0][0],
        "plain_ci95": losses[0][1],
        "hwa_loss": losses[1][0],
        "hwa_ci95": losses[1][1],
        "met": losses[1][0] <= losses[0][0] / 2,
    }


def main(results):
    manifest = json.load(open("models/manifest.json", encoding="utf-8"))
    by_name = {m["name"]: m for m in manifest["models"]}
    for name, dataset in MODELS.items():
        if not os.path.exists(f"{results}/{name}-gdc-on.json"):
            continue
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
        check = ten_chip_check(results, name)
        if check is not None:
            by_name[name]["hwa_benefit_at_1d"]["check_10_chips"] = check
    with open("models/manifest.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
