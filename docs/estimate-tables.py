#!/usr/bin/env python3
"""Prints the tables of docs/estimate.md: `memflux estimate --json` for every zoo model and ResNet18 on every
hardware preset at batch 1 and 16. Usage: python3 docs/estimate-tables.py [path/to/memflux]; with --systems BERT.onnx
instead, the systems-of-chips table (ResNet18 and a BERT-base-shaped model with --chips auto)."""
import json
import subprocess
import sys

args = [a for a in sys.argv[1:]]
bert = None
if "--systems" in args:
    i = args.index("--systems")
    bert = args[i + 1]
    del args[i:i + 2]
memflux = args[0] if args else "src/Memflux.Cli/bin/Release/net10.0/memflux"
models = ["mnist-mlp", "mnist-lenet5", "fashion-mlp", "fashion-cnn", "resnet18"]
presets = ["isaac", "hermes", "hermes-4phase", "generic-rram"]

def presets_tables():
    for batch in (1, 16):
        print(f"\n### Batch {batch}\n")
        print("| model | chip | tiles used / needed / chip | latency (s) | throughput (inf/s) | energy/inf (J) | power (W) | TOPS | TOPS/W | bottleneck | digital baseline (J) | baseline / analog | weight movement in baseline | analog front end: used cells / whole tiles (J) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for model in models:
            for hw in presets:
                r = subprocess.run([memflux, "estimate", "--model", model, "--hw", hw, "--batch", str(batch), "--json", "--quiet"],
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    msg = [l for l in r.stderr.strip().splitlines() if l.lower().startswith("error")][0]
                    if "needs" not in msg:
                        print(f"| {model} | {hw} | {msg} | | | | | | | | | | | |")
                        continue
                    need = msg[msg.find("needs"):msg.find(" of ")] if "needs" in msg else msg
                    print(f"| {model} | {hw} | does not fit: {need}, chip has {msg.split('the chip has ')[-1].split(' (')[0] if 'the chip has' in msg else '?'} | | | | | | | | | | | |")
                    continue
                d = json.loads(r.stdout)
                u = d["utilisation"]
                b = d["bottleneck"].split(":")[0]
                print(f"| {model} | {hw} | {u['tiles_used']} / {u['tiles_needed']} / {u['tiles_available']} | {d['latency_s']:.3g} | "
                      f"{d['throughput_ips']:.3g} | {d['energy_per_inference_j']:.3g} | {d['power_w']:.3g} | {d['tops']:.3g} | "
                      f"{d['tops_per_watt']:.3g} | {b} | {d['digital_baseline_energy_j']:.3g} | {d['digital_baseline_ratio']:.3g} | "
                      f"{d['digital_baseline']['weight_movement_fraction']:.0%} | "
                      f"{d['analog_front_end']['used_cells_j']:.3g} / {d['analog_front_end']['whole_tiles_j']:.3g} |")


def systems(bert_path):
    """Prints the systems-of-chips table: ResNet18 and a BERT-base-shaped model on hermes, isaac and generic-rram with
    --chips auto at batch 1. Usage: python3 docs/estimate-tables.py [memflux] --systems /tmp/bert.onnx
    (make the model with `memflux dev bert-base /tmp/bert.onnx`)."""
    cases = [("resnet18", "resnet18", []), ("bert-base (seq 128)", bert_path, [])]
    print("| model | chip | chips | tiles needed / used | latency (s) | per-image latency (s) | throughput (inf/s) | interval per token (s) "
          "| energy/inf (J) | TOPS | TOPS/W | chip-link traffic (MB/inf) | energy: analog / digital / on-chip / chip-to-chip / static "
          "| busy time: analog / digital / on-chip / chip-to-chip | bottleneck | digital baseline (J) | baseline / analog | baseline energy: digital / weight reads "
          "| baseline time/inf (s) | baseline busy time: MACs / weight fetch |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, model, extra in cases:
        for hw in ("hermes", "isaac", "generic-rram"):
            r = subprocess.run([memflux, "estimate", "--model", model, "--hw", hw, "--chips", "auto", "--json", *extra],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"| {name} | {hw} | error: {r.stderr.strip().splitlines()[0]} |" + " |" * 17)
                continue
            d = json.loads(r.stdout)
            s = d["system"]
            b = d["bottleneck"].split(":")[0]
            e, t, g = d["shares"]["energy"], d["shares"]["time"], d["shares"]["digital_baseline_energy"]
            bt, bts = d["digital_baseline_timing"], d["shares"]["digital_baseline_time"]
            per_image = subprocess.run([memflux, "estimate", "--model", model, "--hw", hw, "--chips", "auto", "--json", "--per-image"],
                                       capture_output=True, text=True)
            old = f"{json.loads(per_image.stdout)['latency_s']:.3g}" if per_image.returncode == 0 else "?"
            token = d["initiation_interval_per_token_s"]
            pct = lambda x: f"{x:.0%}"
            print(f"| {name} | {hw} | {d['chips']} | {s['tiles_needed']} / {s['tiles_used']} | {d['latency_s']:.3g} | {old} | "
                  f"{d['throughput_ips']:.3g} | {'' if token is None else f'{token:.3g}'} | {d['energy_per_inference_j']:.3g} | {d['tops']:.3g} | "
                  f"{d['tops_per_watt']:.3g} | {s['link_bits_per_inference'] / 8e6:.3g} | "
                  f"{pct(e['analog'])} / {pct(e['digital'])} / {pct(e['on_chip_movement'])} / {pct(e['chip_to_chip'])} / {pct(e['static'])} | "
                  f"{pct(t['analog'])} / {pct(t['digital'])} / {pct(t['on_chip_movement'])} / {pct(t['chip_to_chip'])} | {b} | "
                  f"{d['digital_baseline_energy_j']:.3g} | {d['digital_baseline_ratio']:.3g} | {pct(g['digital'])} / {pct(g['on_chip_movement'])} | "
                  f"{bt['time_per_inference_s']:.3g} | {pct(bts['digital'])} / {pct(bts['on_chip_movement'])} |")


if bert is not None:
    systems(bert)
else:
    presets_tables()
