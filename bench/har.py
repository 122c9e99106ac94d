"""Benchmark: streaming HAR sanitise+summarise against ``json.load`` on a 200 MB archive.

Run: ``.venv/bin/python bench/har.py`` (about a minute; at most a few).

It builds a 200 MB HAR from the real entries of the test corpus (tests/diagnostics/fixtures/har)
in a temporary directory, in two layouts: pretty-printed (Chrome DevTools / Firefox / Safari
exports) and compact (chrome-har, Firebug). Each measurement runs in its own subprocess so that
peak memory (``ru_maxrss``, which includes the interpreter itself) belongs to that one job:

* ``stream``: :func:`supportdesk.diagnostics.sanitize_and_summarize_har`, writing the sanitised
  copy to the temporary directory;
* ``json.load``: the whole file decoded by the standard library (nothing written);
* ``passes``: the same sanitising with its two passes timed apart: the first (read, sanitise,
  summarise, collect the removed values, write) and the second (replace those values wherever
  else they occur). The corpus entries repeat, so their cookie values recur all over the file.

Targets: streaming peak memory under 150 MB, throughput at least that of ``json.load``, and the
second pass at most half the first pass's time (measured in the same run).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "diagnostics" / "fixtures" / "har"
TARGET_BYTES = 200 * 1024 * 1024
MEMORY_TARGET_MB = 150
RUNS = 3
SECOND_PASS_TARGET = 0.5


def build_har(path: Path, *, pretty: bool) -> int:
    entries = []
    for source in sorted(CORPUS.glob("*.har")):
        entries.extend(json.loads(source.read_bytes().decode("utf-8-sig"))["log"]["entries"])
    written = 0
    with path.open("w", encoding="utf-8") as out:
        head = {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [],
        }
        opening = json.dumps(head, indent=2 if pretty else None)[:-1].rstrip()
        out.write('{"log": ' + opening + (',\n  "entries": [\n' if pretty else ',"entries":['))
        index = 0
        while written < TARGET_BYTES:
            entry = entries[index % len(entries)]
            if pretty:
                text = "    " + json.dumps(entry, indent=2, ensure_ascii=False).replace(
                    "\n", "\n    "
                )
            else:
                text = json.dumps(entry, separators=(",", ":"), ensure_ascii=False)
            out.write(("" if index == 0 else ",\n" if pretty else ",") + text)
            written += len(text)
            index += 1
        out.write("\n  ]\n}}\n" if pretty else "]}}")
    return index


def measure(mode: str, path: Path, scratch: Path) -> dict[str, float]:
    """Runs inside the subprocess: one job, its wall time and peak RSS."""
    from supportdesk.diagnostics import sanitize_and_summarize_har  # imports are not the job

    if mode == "passes":
        return measure_passes(path, scratch)
    started = time.perf_counter()
    cpu_started = time.process_time()
    if mode == "stream":
        analysis = sanitize_and_summarize_har(path, scratch / "sanitised.har")
        checked = analysis.summary.request_count
    else:
        with path.open(encoding="utf-8") as stream:
            checked = len(json.load(stream)["log"]["entries"])
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mb": peak_mb, "entries": checked}


def measure_passes(path: Path, scratch: Path) -> dict[str, float]:
    """The pipeline's two passes, timed apart (its private steps: what the public call runs)."""
    from supportdesk.diagnostics._har_pipeline import _sanitize

    started = time.perf_counter()
    with (scratch / "first-pass.har").open("wb") as first:
        result = _sanitize(path, first, ())
    middle = time.perf_counter()
    assert result.matcher is not None, "the generated HAR repeats cookie values"
    with (
        (scratch / "first-pass.har").open("rb") as first,
        (scratch / "second-pass.har").open("wb") as second,
    ):
        result.matcher.copy_stream(first, second)
    ended = time.perf_counter()
    report = result.tally.report()
    return {
        "first": middle - started,
        "second": ended - middle,
        "repeated": report.repeated,
        "total": report.total,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_job(mode: str, path: Path, scratch: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", mode, str(path), str(scratch)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--measure", nargs=3, metavar=("MODE", "HAR", "SCRATCH"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        mode, path, scratch = args.measure
        print(json.dumps(measure(mode, Path(path), Path(scratch))))
        return 0

    import ijson  # only to report which backend is installed

    print(
        f"python {sys.version.split()[0]}; ijson backend {ijson.backend} (not used by the reader: orjson)"
    )
    all_met = True
    with tempfile.TemporaryDirectory(prefix="har-bench-") as directory:
        scratch = Path(directory)
        for layout in ("pretty", "compact"):
            path = scratch / f"bench-{layout}.har"
            started = time.perf_counter()
            count = build_har(path, pretty=layout == "pretty")
            size_mb = path.stat().st_size / 1e6
            print(
                f"\n[{layout}] {size_mb:.0f} MB, {count} entries (built in {time.perf_counter() - started:.1f} s)"
            )
            results = {}
            runs_by_mode: dict[str, list[dict[str, float]]] = {"stream": [], "json.load": []}
            passes = []
            for _ in range(RUNS):  # interleaved, so a noisy moment hits all alike
                for mode, runs in runs_by_mode.items():
                    runs.append(run_job(mode, path, scratch))
                passes.append(run_job("passes", path, scratch))
            for mode, runs in runs_by_mode.items():
                best = min(run["seconds"] for run in runs)
                cpu = min(run["cpu"] for run in runs)
                peak = max(run["peak_mb"] for run in runs)
                results[mode] = (size_mb / best, peak)
                print(
                    f"  {mode:<10} {size_mb / best:7.1f} MB/s  (best of {RUNS}: {best:.2f} s wall, "
                    f"{cpu:.2f} s CPU)  peak RSS {peak:7.1f} MB"
                )
            (stream_speed, stream_peak), (load_speed, load_peak) = (
                results["stream"],
                results["json.load"],
            )
            speed_ok = stream_speed >= load_speed
            memory_ok = stream_peak < MEMORY_TARGET_MB
            all_met = all_met and speed_ok and memory_ok
            print(
                f"  ratios: throughput stream/json.load = {stream_speed / load_speed:.2f}x, "
                f"peak memory json.load/stream = {load_peak / stream_peak:.1f}x"
            )
            print(
                f"  targets: throughput >= json.load: {'met' if speed_ok else 'NOT met'}; "
                f"peak < {MEMORY_TARGET_MB} MB: {'met' if memory_ok else 'NOT met'}"
            )
            first = min(run["first"] for run in passes)
            second = min(run["second"] for run in passes)
            ratio = second / first
            second_ok = ratio <= SECOND_PASS_TARGET
            all_met = all_met and second_ok
            print(
                f"  passes     first {first:.2f} s, second {second:.2f} s (best of {RUNS}): "
                f"second/first = {ratio:.2f}; {passes[0]['repeated']} repeated values replaced "
                f"of {passes[0]['total']} removed; peak RSS "
                f"{max(run['peak_mb'] for run in passes):.1f} MB"
            )
            print(
                f"  target: second pass <= {SECOND_PASS_TARGET:.0%} of the first: "
                f"{'met' if second_ok else 'NOT met'}"
            )
            path.unlink()
    print(f"\nall targets {'met' if all_met else 'NOT met'}")
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
