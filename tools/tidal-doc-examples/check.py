#!/usr/bin/env python3
"""Run `phonon check` on every Tidal documentation example in examples.txt and summarise.

Usage (from the repository root):
    python3 tools/tidal-doc-examples/check.py [--phonon PATH] [--list-failures] [--json]
                                              [--render] [--jobs N] [--timeout S]

Each example is written as-is to its own temporary `.ph` file and checked with
`phonon check FILE` (at most --jobs processes at once, default 2). An example passes when
phonon exits 0. A failing check prints `file:line:col: message` (plus the source line, a
caret line and sometimes `help:` lines); the first such diagnostic is the example's failure
reason. Reasons are grouped by a normalised message: "unknown function 'X'" by X (the
"(did you mean ...)" hint dropped), other messages with positions and quoted text
normalised. A check that runs longer than --timeout seconds (default 10) fails as
"timeout"; a crash (signal, Rust panic) is reported as such.

--render: every example that passes check is also rendered,
`phonon render FILE OUT.wav --cycles 1 --threads 1`, and counted as sounding when it exits 0
and the peak of the `main` line of the render summary is above --silence-db (default -90
dBFS; the WAV itself is read if the summary cannot be parsed). Missing sample banks are
taken from phonon's "warning: sample bank(s) not found: ..." line. PHONON_SAMPLES is removed
from the environment so that only the bundled kit (plus any --samples DIR) is searched.

The bank names the examples use are also counted statically (the words of the string
literals given to `s`/`sound`, SuperDirt/phonon synth names set apart) and compared with the
bundled kit folder.

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FOLDERS = ("docs/reference", "docs/patternlib")

DIAG_RE = re.compile(r"^(?P<file>.*?\.ph):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)$")
MISSING_RE = re.compile(r"sample banks? not found: (?P<names>.*?) \(searched")
MAIN_RE = re.compile(
    r"^\s*main\s+peak\s+(?P<peak>-?(?:inf|[\d.]+))\s*dBFS\s+rms\s+(?P<rms>-?(?:inf|[\d.]+))\s*dBFS"
)


# ---------------------------------------------------------------- examples


def read_examples(txt: Path, tsv: Path):
    examples = [
        l for l in txt.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")
    ]
    header = [l for l in txt.read_text(encoding="utf-8").splitlines() if l.startswith("#")]
    where: dict[str, list[str]] = collections.defaultdict(list)
    if tsv.exists():
        for l in tsv.read_text(encoding="utf-8").splitlines():
            if l.startswith("#") or not l.strip():
                continue
            f, _, e = l.split("\t", 2)
            where[e].append(f)
    return examples, where, header


# ---------------------------------------------------------------- running phonon


def wait_for(binary: Path, limit: float = 300.0) -> None:
    """The binary may be rebuilt while we run: wait for it to reappear."""
    start = time.monotonic()
    while not (binary.exists() and os.access(binary, os.X_OK)):
        if time.monotonic() - start > limit:
            raise SystemExit(f"phonon binary not found: {binary}")
        time.sleep(2)


def run(cmd: list[str], timeout: float, env: dict) -> tuple[str, int | None, str, str]:
    """Returns (status, returncode, stdout, stderr); status is 'ok', 'timeout' or 'oserror'."""
    binary = Path(cmd[0])
    last = ""
    for _attempt in range(30):
        wait_for(binary)
        try:
            # Own process group, so that a hung run is killed with everything it started.
            p = subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
            )
        except OSError as e:  # ETXTBSY / ENOENT during a rebuild
            last = str(e)
            time.sleep(2)
            continue
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = p.communicate()
            return "timeout", None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        return "ok", p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    return "oserror", None, "", last


def diagnostics(text: str) -> list[dict]:
    out = []
    for l in text.splitlines():
        m = DIAG_RE.match(l)
        if m:
            out.append({"line": int(m["line"]), "col": int(m["col"]), "message": m["msg"]})
    return out


def char_name(c: str) -> str:
    if c.isprintable() and not c.isspace() and ord(c) < 128:
        return f"'{c}'"
    return f"U+{ord(c):04X}" + (" (no-break space)" if c == "\u00a0" else "")


def normalise(msg: str) -> str:
    """Group key for a diagnostic message."""
    msg = msg.strip()
    msg = re.sub(r"\s*\(did you mean [^)]*\)\s*$", "", msg)
    m = re.match(r"^unknown function '([^']*)'", msg)
    if m:
        return f"unknown function '{m[1]}'"
    m = re.match(r"^unexpected character '(.)'$", msg, re.S)
    if m:
        return f"unexpected character {char_name(m[1])}"
    m = re.match(r"^(bad mini-notation: )unknown chord '(.*)' \(try", msg)
    if m:
        parts = m[2].split("'")
        name = parts[1] if len(parts) > 1 else parts[0]
        extra = " with a modifier ('c'maj'4, 'ii, 'o, 'd3 ...)" if len(parts) > 2 else ""
        return f"{m[1]}unknown chord name '{name}'{extra}"
    # Positions (line:col, "column N", "at N") and long quoted text.
    msg = re.sub(r"\b\d+:\d+\b", "N:N", msg)
    msg = re.sub(r"\b(column|col|line|offset|byte) \d+\b", r"\1 N", msg)

    def quoted(q: re.Match) -> str:
        body = q[2]
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_']*", body) or len(body) <= 2:
            return q[0]
        return f"{q[1]}…{q[1]}"

    msg = re.sub(r"(')([^']*)'", quoted, msg)
    msg = re.sub(r'(")([^"]*)"', quoted, msg)
    return msg


def kind(reason: str) -> str:
    """Coarse class of a normalised reason: quoted names dropped, text after ':' dropped."""
    for prefix in ("unknown function", "unexpected character", "bad mini-notation", "timeout", "crash", "panic"):
        if reason.startswith(prefix):
            return prefix
    k = re.sub(r"'[^']*'", "'…'", reason)
    return k.split(":")[0].split(" (")[0]


def panic_message(stderr: str) -> str | None:
    lines = stderr.splitlines()
    for i, l in enumerate(lines):
        if "panicked at" in l:
            rest = l.split("panicked at", 1)[1].strip()
            # Rust >= 1.73: "panicked at src/x.rs:1:2:" then the message on the next line.
            detail = lines[i + 1].strip() if rest.endswith(":") and i + 1 < len(lines) else rest
            detail = re.sub(r"\b\d+(\.\d+)?\b", "N", detail)
            return f"panic: {detail}"
    return None


def check_one(phonon: str, path: Path, timeout: float, env: dict) -> dict:
    t0 = time.monotonic()
    status, rc, out, err = run([phonon, "check", str(path)], timeout, env)
    res = {"seconds": round(time.monotonic() - t0, 3), "rc": rc}
    if status == "timeout":
        res.update(ok=False, reason="timeout", message=f"check ran longer than {timeout:g} s")
        return res
    if status == "oserror":
        res.update(ok=False, reason="could not run phonon", message=err)
        return res
    diags = diagnostics(err) or diagnostics(out)
    res["diagnostics"] = diags
    if rc == 0:
        res.update(ok=True)
        return res
    res["ok"] = False
    pm = panic_message(err)
    if rc < 0:
        name = signal.Signals(-rc).name if -rc in signal.Signals._value2member_map_ else str(-rc)
        res.update(reason=f"crash: signal {name}" + (f" ({pm})" if pm else ""), message=err.strip()[:500])
    elif pm:
        res.update(reason=pm, message=err.strip()[:500])
    elif diags:
        res.update(reason=normalise(diags[0]["message"]), message=diags[0]["message"])
    else:
        first = next((l for l in (err + out).splitlines() if l.strip()), "")
        res.update(reason=f"exit {rc} without a diagnostic: {normalise(first)}", message=first)
    return res


# ---------------------------------------------------------------- render


def wav_peak_db(path: Path) -> float | None:
    """Peak in dBFS of a PCM (16/24/32-bit) or IEEE float (32/64-bit) WAV, or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    pos, fmt, samples = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        body = data[pos + 8 : pos + 8 + size]
        if cid == b"fmt ":
            tag, _ch, _rate, _br, _align, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == 0xFFFE and len(body) >= 26:
                tag = struct.unpack("<H", body[24:26])[0]
            fmt = (tag, bits)
        elif cid == b"data":
            samples = body
        pos += 8 + size + (size & 1)
    if fmt is None or samples is None:
        return None
    tag, bits = fmt
    peak = 0.0
    if tag == 3 and bits in (32, 64):
        code, w = ("f", 4) if bits == 32 else ("d", 8)
        n = len(samples) // w
        vals = struct.unpack(f"<{n}{code}", samples[: n * w])
        peak = max((abs(v) for v in vals if v == v), default=0.0)
    elif tag == 1 and bits in (16, 24, 32):
        w = bits // 8
        full = float(1 << (bits - 1))
        for i in range(0, len(samples) - w + 1, w):
            v = int.from_bytes(samples[i : i + w], "little", signed=True)
            peak = max(peak, abs(v) / full)
    else:
        return None
    import math

    return 20 * math.log10(peak) if peak > 0 else -math.inf


def render_one(phonon: str, path: Path, args, env: dict) -> dict:
    wav = path.with_suffix(".wav")
    cmd = [phonon, "render", str(path), str(wav), "--cycles", str(args.cycles), "--threads", "1"]
    for d in args.samples:
        cmd += ["--samples", d]
    t0 = time.monotonic()
    status, rc, out, err = run(cmd, args.render_timeout, env)
    res = {"seconds": round(time.monotonic() - t0, 3), "rc": rc, "missing_banks": []}
    text = err + "\n" + out
    m = MISSING_RE.search(text)
    if m:
        res["missing_banks"] = [n.strip() for n in m["names"].split(",") if n.strip()]
    res["warnings"] = [
        l.strip() for l in text.splitlines() if l.startswith("warning:") and not MISSING_RE.search(l)
    ]
    if status != "ok":
        res.update(result="timeout" if status == "timeout" else "error", reason=status)
        wav.unlink(missing_ok=True)
        return res
    if rc != 0:
        pm = panic_message(err)
        diags = diagnostics(err)
        if rc < 0:
            reason = f"crash: signal {-rc}" + (f" ({pm})" if pm else "")
        elif pm:
            reason = pm
        elif diags:
            reason = normalise(diags[0]["message"])
        else:
            first = next((l for l in err.splitlines() if l.strip() and not l.startswith("warning:")), "")
            reason = f"exit {rc}: {normalise(first)}"
        res.update(result="error", reason=reason, message=err.strip()[:500])
        wav.unlink(missing_ok=True)
        return res
    peak = None
    for l in text.splitlines():
        mm = MAIN_RE.match(l)
        if mm:
            peak = float(mm["peak"])
            res["rms_db"] = float(mm["rms"])
            break
    if peak is None:
        peak = wav_peak_db(wav)
    wav.unlink(missing_ok=True)
    res["peak_db"] = peak
    if peak is None:
        res.update(result="error", reason="no render summary and unreadable WAV")
    elif peak > args.silence_db:
        res["result"] = "sound"
    elif res["missing_banks"]:
        res["result"] = "silent, missing banks"
    else:
        res["result"] = "silent"
    return res


# ---------------------------------------------------------------- static bank names

SYNTH_PREFIX = "super"
# Sound names of a mini-notation string: euclid arguments `(3,8)` removed, the string split
# at spaces and brackets; each step's name is its leading word (`bd*2`, `sn:3`, `808:4`, `hh?`).
STEP_SPLIT_RE = re.compile(r"[\s\[\]<>{}|,.]+")
NAME_RE = re.compile(r"^[A-Za-z0-9_]+")


def string_args_of_sound(expr: str) -> list[str]:
    """String literals given to `s`/`sound`: `s "..."`, `s ("..." ...)`, `s $ f "..."`."""
    found = []
    for m in re.finditer(r'(?:(?<=^)|(?<=[\s($#.]))(?:s|sound)\s*(?=["($])', expr):
        i = m.end()
        if expr[i] == '"':
            j = expr.find('"', i + 1)
            if j > i:
                found.append(expr[i + 1 : j])
            continue
        if expr[i] == "(":
            depth, j = 0, i
            while j < len(expr):
                if expr[j] == '"':
                    k = expr.find('"', j + 1)
                    j = k if k > 0 else len(expr)
                elif expr[j] == "(":
                    depth += 1
                elif expr[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            found += re.findall(r'"([^"]*)"', expr[i:j])
        else:  # `$`: to the end of the expression
            found += re.findall(r'"([^"]*)"', expr[i:])
    return found


def bank_words(expr: str) -> set[str]:
    words = set()
    for s in string_args_of_sound(expr):
        s = re.sub(r"\([^()]*\)", " ", s)
        toks = set()
        for step in STEP_SPLIT_RE.split(s):
            m = NAME_RE.match(step)
            # not sounds: `_` (elongation), `x` steps of `steps [("cp", "x  x")]`, and plain
            # numbers (indices given to `step'`, `fit`...) unless written as a bank (`808:4`)
            if not m or re.fullmatch(r"_+|x+", m[0]):
                continue
            if m[0].isdigit() and not step[m.end():].startswith(":"):
                continue
            toks.add(m[0])
        if toks and toks <= {"t", "f", "true", "false"}:
            continue  # a boolean pattern (struct / stitch), not sounds
        words |= toks
    return words


def synth_names(phonon: str, env: dict) -> set[str]:
    status, rc, out, _ = run([phonon, "help"], 10, env)
    names, on = set(), False
    for l in out.splitlines():
        if re.match(r"^\S.*:$", l):
            on = l.strip() == "Synth:"
            continue
        if on and l.strip():
            names.add(l.split()[0])
    return names


def bundled_kit(phonon: Path) -> Path | None:
    d = phonon.resolve().parent
    for _ in range(4):
        if (d / "assets" / "samples").is_dir():
            return d / "assets" / "samples"
        d = d.parent
    return None


# ---------------------------------------------------------------- report


STANDIN_FILES = 8
STANDIN_RATE = 48000


def write_standins(folder: Path, banks: list[str]) -> int:
    """One folder per bank (Dirt-Samples layout) of STANDIN_FILES short mono 16-bit WAVs:
    a decaying tone plus a click, pitched by the bank name and the file index, so that each
    bank and each `n` sounds distinct. Only for measuring: they stand in for banks that are
    not bundled, so that an example's render can be heard at all."""
    import math
    import wave
    import zlib

    written = 0
    for bank in banks:
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", bank):
            continue
        d = folder / bank
        d.mkdir(parents=True, exist_ok=True)
        base = 110.0 * 2 ** ((zlib.crc32(bank.encode()) % 36) / 12)
        for k in range(STANDIN_FILES):
            path = d / f"{bank}{k}.wav"
            if path.exists():
                continue
            f = base * 2 ** (k / 12)
            n = int(STANDIN_RATE * 0.4)
            frames = bytearray()
            for i in range(n):
                t = i / STANDIN_RATE
                x = 0.6 * math.exp(-t * 9) * math.sin(2 * math.pi * f * t)
                if i < 64:
                    x += 0.3 * (1 - i / 64)
                frames += struct.pack("<h", int(max(-1.0, min(1.0, x)) * 32767))
            with wave.open(str(path), "wb") as wf:
                wf.setnchannels(1)
                wf.setsampwidth(2)
                wf.setframerate(STANDIN_RATE)
                wf.writeframes(bytes(frames))
            written += 1
    return written


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.1f}%" if b else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phonon", default=str(REPO / "target" / "release" / "phonon"))
    ap.add_argument("--examples", default=str(HERE / "examples.txt"))
    ap.add_argument("--list-failures", action="store_true", help="print every failing example")
    ap.add_argument("--json", action="store_true", help="machine-readable output")
    ap.add_argument("--jobs", type=int, default=2, help="parallel phonon processes (default 2)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds per check (default 10)")
    ap.add_argument("--top", type=int, default=30, help="failure reasons shown (default 30)")
    ap.add_argument("--render", action="store_true", help="also render the examples that pass")
    ap.add_argument("--cycles", type=float, default=1, help="cycles rendered (default 1)")
    ap.add_argument("--render-timeout", type=float, default=30.0)
    ap.add_argument("--silence-db", type=float, default=-90.0, help="peak at or below: silent")
    ap.add_argument("--samples", action="append", default=[], help="extra sample folder for render")
    ap.add_argument("--standins", metavar="DIR",
                    help="write stand-in banks for every bank the examples use that is not bundled into DIR, and render with them")
    args = ap.parse_args()

    phonon = Path(args.phonon)
    if not phonon.is_absolute():
        phonon = (REPO / phonon) if (REPO / phonon).exists() else phonon.resolve()
    wait_for(phonon)
    env = {k: v for k, v in os.environ.items() if k != "PHONON_SAMPLES"}
    txt = Path(args.examples)
    examples, where, header = read_examples(txt, txt.with_suffix(".tsv"))
    commit = next((re.search(r"commit ([0-9a-f]{40})", h)[1] for h in header if "commit " in h), None)
    version = run([str(phonon), "--version"], 10, env)[2].strip()
    mtime0 = phonon.stat().st_mtime

    if args.standins:
        kit = bundled_kit(phonon)
        kit_banks = {p.name for p in kit.iterdir() if p.is_dir()} if kit else set()
        used = set().union(*(bank_words(e) for e in examples)) - synth_names(str(phonon), env)
        written = write_standins(Path(args.standins), sorted(used - kit_banks))
        args.samples.append(str(Path(args.standins).resolve()))
        print(f"stand-in banks: {written} written to {args.standins}", file=sys.stderr)

    results: list[dict] = [None] * len(examples)  # type: ignore
    renders: dict[int, dict] = {}
    with tempfile.TemporaryDirectory(prefix="tidal-doc-examples-") as tmp:
        paths = []
        for i, e in enumerate(examples):
            p = Path(tmp) / f"ex{i + 1:04d}.ph"
            p.write_text(e + "\n", encoding="utf-8")
            paths.append(p)
        jobs = max(1, args.jobs)
        with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
            futs = {pool.submit(check_one, str(phonon), p, args.timeout, env): i for i, p in enumerate(paths)}
            for f in concurrent.futures.as_completed(futs):
                results[futs[f]] = f.result()
            if args.render:
                futs = {
                    pool.submit(render_one, str(phonon), paths[i], args, env): i
                    for i, r in enumerate(results)
                    if r["ok"]
                }
                for f in concurrent.futures.as_completed(futs):
                    renders[futs[f]] = f.result()
    rebuilt = phonon.exists() and phonon.stat().st_mtime != mtime0

    # ---- figures
    total = len(examples)
    passed = sum(r["ok"] for r in results)
    folders = {}
    for folder in FOLDERS:
        idx = [i for i, e in enumerate(examples) if any(f.startswith(folder + "/") for f in where.get(e, []))]
        folders[folder] = {"total": len(idx), "passed": sum(results[i]["ok"] for i in idx)}
    reasons = collections.Counter(r["reason"] for r in results if not r["ok"])
    example_of = {}
    for i, r in enumerate(results):
        if not r["ok"]:
            example_of.setdefault(r["reason"], examples[i])
    kinds = collections.Counter(kind(r["reason"]) for r in results if not r["ok"])
    # unknown functions over every diagnostic (an example counted once per name)
    unknown_all = collections.Counter()
    for r in results:
        names = {
            re.match(r"unknown function '([^']*)'", d["message"])[1]
            for d in r.get("diagnostics", [])
            if d["message"].startswith("unknown function '")
        }
        unknown_all.update(names)
    first_only = sum(1 for r in results if not r["ok"] and len(r.get("diagnostics", [])) <= 1)

    synths = synth_names(str(phonon), env)
    kit = bundled_kit(phonon)
    kit_banks = {p.name for p in kit.iterdir() if p.is_dir()} if kit else set()
    banks = collections.Counter()
    synth_use = collections.Counter()
    for e in examples:
        for w in bank_words(e):
            if w.startswith(SYNTH_PREFIX) or w in synths:
                synth_use[w] += 1
            else:
                banks[w] += 1

    report = {
        "phonon": str(phonon),
        "phonon_version": version,
        "phonon_mtime": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(mtime0)),
        "phonon_rebuilt_during_run": rebuilt,
        "examples_file": str(txt),
        "tidal_doc_commit": commit,
        "total": total,
        "passed": passed,
        "percent": round(100.0 * passed / total, 1) if total else 0.0,
        "folders": folders,
        "failure_kinds": kinds.most_common(),
        "top_failures": [
            {"reason": k, "count": c, "example": example_of[k]} for k, c in reasons.most_common(args.top)
        ],
        "distinct_failure_reasons": len(reasons),
        "failing_with_one_diagnostic": first_only,
        "unknown_functions_all_diagnostics": unknown_all.most_common(),
        "timeouts": [examples[i] for i, r in enumerate(results) if not r["ok"] and r["reason"] == "timeout"],
        "crashes": [
            {"example": examples[i], "reason": r["reason"]}
            for i, r in enumerate(results)
            if not r["ok"] and (r["reason"].startswith("crash") or r["reason"].startswith("panic"))
        ],
        "bundled_kit": str(kit) if kit else None,
        "bank_names": [
            {"bank": b, "examples": c, "bundled": b in kit_banks} for b, c in banks.most_common()
        ],
        "synth_names": synth_use.most_common(),
    }
    if args.list_failures or args.json:
        report["failures"] = [
            {"example": examples[i], "reason": r["reason"], "message": r.get("message", ""),
             "files": sorted(set(where.get(examples[i], [])))}
            for i, r in enumerate(results)
            if not r["ok"]
        ]
    if args.render:
        res_count = collections.Counter(r["result"] for r in renders.values())
        missing_use = collections.Counter(b for r in renders.values() for b in r["missing_banks"])
        render_errors = collections.Counter(r["reason"] for r in renders.values() if r["result"] in ("error", "timeout"))
        report["render"] = {
            "rendered": len(renders),
            "cycles": args.cycles,
            "results": dict(res_count),
            "sound": res_count.get("sound", 0),
            "silent_only_missing_banks": res_count.get("silent, missing banks", 0),
            "sound_with_some_banks_missing": sum(
                1 for r in renders.values() if r["result"] == "sound" and r["missing_banks"]
            ),
            "missing_banks": missing_use.most_common(),
            "errors": render_errors.most_common(),
            "other_warnings": collections.Counter(
                w for r in renders.values() for w in r["warnings"]
            ).most_common(10),
            "silent_examples": [examples[i] for i, r in sorted(renders.items()) if r["result"] == "silent"],
            "error_examples": [
                {"example": examples[i], "reason": r["reason"]}
                for i, r in sorted(renders.items())
                if r["result"] in ("error", "timeout")
            ],
        }

    if args.json:
        json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
        print()
        return 0

    w = sys.stdout.write
    w(f"phonon: {phonon} ({version}, binary of {report['phonon_mtime']})\n")
    if rebuilt:
        w("WARNING: the phonon binary changed during the run; figures may mix two builds\n")
    w(f"examples: {txt} (tidal-doc {commit or '?'})\n\n")
    w(f"check: {passed}/{total} passed ({pct(passed, total)})\n")
    for folder, d in folders.items():
        w(f"  {folder + '/**':<20} {d['passed']:>4}/{d['total']:<4} ({pct(d['passed'], d['total'])})\n")
    w("  (an example found in both folders counts in each)\n\n")
    w("failure kinds (first diagnostic of each failing example):\n")
    for k, c in kinds.most_common():
        w(f"  {c:>5}  {k}\n")
    w(f"\ntop {args.top} failure reasons ({len(reasons)} distinct; {first_only} of {total - passed} failing examples have a single diagnostic):\n")
    for k, c in reasons.most_common(args.top):
        w(f"  {c:>5}  {k}\n         e.g. {example_of[k]}\n")
    w("\nunknown functions over all diagnostics (examples naming each, top 40):\n  ")
    w(", ".join(f"{n} {c}" for n, c in unknown_all.most_common(40)) + "\n")
    if report["timeouts"]:
        w("\ntimeouts:\n" + "".join(f"  {e}\n" for e in report["timeouts"]))
    if report["crashes"]:
        w("\ncrashes:\n" + "".join(f"  {c['reason']}: {c['example']}\n" for c in report["crashes"]))
    w(f"\nsample bank names in `s`/`sound` strings (examples using each; * = in the bundled kit {kit}):\n  ")
    w(", ".join(f"{b}{'*' if b in kit_banks else ''} {c}" for b, c in banks.most_common(60)) + "\n")
    w(f"  ({len(banks)} names; {sum(1 for b in banks if b in kit_banks)} bundled)\n")
    w("synth names (super*, phonon synths): " + ", ".join(f"{b} {c}" for b, c in synth_use.most_common(20)) + "\n")
    if args.render:
        r = report["render"]
        w(f"\nrender ({r['rendered']} examples that pass check, {args.cycles:g} cycle(s), silent = peak <= {args.silence_db:g} dBFS):\n")
        w(f"  sound: {r['sound']}/{r['rendered']} ({pct(r['sound'], r['rendered'])}); of all examples: {pct(r['sound'], total)}\n")
        for k, c in sorted(r["results"].items(), key=lambda kv: -kv[1]):
            w(f"  {c:>5}  {k}\n")
        w(f"  silent only because of missing banks: {r['silent_only_missing_banks']}; sounding with some banks missing: {r['sound_with_some_banks_missing']}\n")
        w("  missing banks reported by render (examples): " + ", ".join(f"{b} {c}" for b, c in r["missing_banks"][:60]) + "\n")
        if r["errors"]:
            w("  render errors:\n" + "".join(f"  {c:>5}  {k}\n" for k, c in r["errors"]))
        if r["other_warnings"]:
            w("  other warnings:\n" + "".join(f"  {c:>5}  {k}\n" for k, c in r["other_warnings"]))
        if args.list_failures:
            w("  silent without missing banks:\n" + "".join(f"    {e}\n" for e in r["silent_examples"]))
            w("  render errors:\n" + "".join(f"    {x['reason']}: {x['example']}\n" for x in r["error_examples"]))
    if args.list_failures:
        w("\nfailures:\n")
        for f in report["failures"]:
            w(f"  {f['example']}\n      {f['message']}   [{', '.join(f['files'])}]\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
