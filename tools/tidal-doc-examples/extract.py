#!/usr/bin/env python3
"""Extract the one-line `dN $ ...` examples from Tidal's reference documentation.

Usage:
    python3 tools/tidal-doc-examples/extract.py GIT_DIR [--rev REV] [--out DIR] [--inline]

GIT_DIR is a (bare or normal) git directory of https://github.com/tidalcycles/tidal-doc
(for example the one the `fetch` tool returns, or `git clone --bare`). Only git plumbing
is used (`git ls-tree`, `git show`), so no work tree is needed.

What is taken (Python 3.11, standard library only):
  * files: `docs/reference/**` and `docs/patternlib/**` ending in `.md` or `.mdx`;
  * lines inside fenced code blocks (``` or ~~~, any info string) whose text starts with
    `d1 $` .. `d16 $` (any spaces between `dN` and `$`);
  * only one-line examples: the line must be complete on its own (brackets and string
    quotes balanced, not ending in `$`, an operator, `(`, `[` or `,`) and must not be
    followed, within the same paragraph of the code block, by a continuation line (a line
    indented deeper than it, or one starting with an operator such as `#`, `$`, `|+`, `.`);
  * a trailing Haskell `--` comment is removed (outside string literals; `--` that is part
    of a longer operator such as `-->` is not a comment), as are trailing spaces;
  * with `--inline`, also inline code spans of prose (`` `d1 $ ...` ``) — off by default.

Writes, in --out (default: this script's folder):
  examples.txt  one distinct example per line (first-seen order), after a `#` header with
                source repository, commit, licence and the command that produced it;
  examples.tsv  every occurrence: file<TAB>line<TAB>example (same header), so an example
                that appears in several places has several rows.
Prints the counts (per folder: reference / patternlib) to stderr.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

FOLDERS = ("docs/reference/", "docs/patternlib/")
REPO_URL = "https://github.com/tidalcycles/tidal-doc"

START_RE = re.compile(r"^d([1-9]|1[0-6])\s*\$")
FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
INLINE_RE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# Haskell symbol characters (for the "-- starts a comment" rule).
SYMBOL_CHARS = set("!#$%&*+./<=>?@\\^|-~:")
# A line starting with one of these (after indentation) continues the previous expression.
CONTINUATION_START = re.compile(r"^(#|\$|\||\+|\*|/|\.|<|>|,|\)|\]|\}|&|=|-(?!-)|`)")
# A line ending with one of these is incomplete.
INCOMPLETE_END = re.compile(r"(\$|#|\||\+|\*|/|\.|<|>|,|\(|\[|\{|&|=|-|\\)$")


def git(git_dir: str, *args: str) -> str:
    out = subprocess.run(
        ["git", f"--git-dir={git_dir}", *args],
        check=True,
        capture_output=True,
    ).stdout
    return out.decode("utf-8", errors="replace")


def strip_comment(line: str) -> str:
    """Remove a trailing Haskell `--` comment (and `{- ... -}` to end of line), outside
    double-quoted strings and character literals."""
    i, n = 0, len(line)
    in_str = False
    while i < n:
        c = line[i]
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
            continue
        if c == '"':
            in_str = True
            i += 1
            continue
        if c == "{" and line.startswith("{-", i):
            return line[:i].rstrip()
        if c == "-" and line.startswith("--", i):
            j = i
            while j < n and line[j] == "-":
                j += 1
            before = line[i - 1] if i > 0 else " "
            after = line[j] if j < n else " "
            if before not in SYMBOL_CHARS and after not in SYMBOL_CHARS:
                return line[:i].rstrip()
            i = j
            continue
        i += 1
    return line.rstrip()


def balanced(expr: str) -> bool:
    """Brackets balanced and string literals closed (brackets inside strings ignored)."""
    depth = 0
    in_str = False
    i = 0
    while i < len(expr):
        c = expr[i]
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth < 0:
                return False
        i += 1
    return depth == 0 and not in_str


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def code_blocks(text: str):
    """Yield (line_number, line) for every line inside a fenced code block."""
    fence = None  # (char, length)
    for no, line in enumerate(text.splitlines(), 1):
        m = FENCE_RE.match(line)
        if fence is None:
            if m:
                marker, info = m.group(2), m.group(3)
                if marker[0] == "`" and "`" in info:
                    continue  # not a fence (inline code)
                fence = (marker[0], len(marker))
            continue
        if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= fence[1] and not m.group(3).strip():
            fence = None
            continue
        yield no, line


def one_liners(block_lines: list[tuple[int, str]]):
    """From the lines of all code blocks of a file, yield (line_no, example, status) for
    every line starting with `dN $`; status is 'ok', 'continued' or 'incomplete'."""
    for k, (no, raw) in enumerate(block_lines):
        text = raw.strip()
        if not START_RE.match(text):
            continue
        expr = strip_comment(text)
        if not balanced(expr) or INCOMPLETE_END.search(expr):
            yield no, expr, "incomplete"
            continue
        status = "ok"
        base = indent_of(raw)
        # Next non-comment line of the same paragraph (consecutive line numbers).
        prev_no = no
        for no2, raw2 in block_lines[k + 1:]:
            if no2 != prev_no + 1 or not raw2.strip():
                break  # end of block or blank line
            prev_no = no2
            s2 = raw2.strip()
            if s2.startswith("--") and not CONTINUATION_START.match(s2):
                continue
            if indent_of(raw2) > base or CONTINUATION_START.match(s2):
                status = "continued"
            break
        yield no, expr, status


def inline_examples(text: str):
    """Inline code spans of prose that start with `dN $` (outside fenced blocks)."""
    in_block = {no for no, _ in code_blocks(text)}
    for no, line in enumerate(text.splitlines(), 1):
        if no in in_block or FENCE_RE.match(line):
            continue
        for m in INLINE_RE.finditer(line):
            code = m.group(2).strip()
            if START_RE.match(code):
                expr = strip_comment(code)
                ok = balanced(expr) and not INCOMPLETE_END.search(expr)
                yield no, expr, "ok" if ok else "incomplete"


def licence(git_dir: str, rev: str) -> str:
    try:
        text = git(git_dir, "show", f"{rev}:LICENSE")
    except subprocess.CalledProcessError:
        return "unknown (no LICENSE file)"
    first = next((l.strip() for l in text.splitlines() if l.strip()), "")
    version = re.search(r"Version\s+(\d+)", text[:400])
    if "GNU GENERAL PUBLIC LICENSE" in first.upper() and version:
        return f"GPL-{version.group(1)}.0 (LICENSE: {first.title()} Version {version.group(1)})"
    return first or "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("git_dir", help="git directory of tidalcycles/tidal-doc")
    ap.add_argument("--rev", default="HEAD", help="revision to read (default HEAD)")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent), help="output folder")
    ap.add_argument("--inline", action="store_true", help="also take inline code spans of prose")
    args = ap.parse_args()

    commit = git(args.git_dir, "rev-parse", args.rev).strip()
    date = git(args.git_dir, "show", "-s", "--format=%cs", commit).strip()
    lic = licence(args.git_dir, commit)
    files = [
        f
        for f in git(args.git_dir, "ls-tree", "-r", "--name-only", commit).splitlines()
        if f.startswith(FOLDERS) and f.endswith((".md", ".mdx"))
    ]

    rows: list[tuple[str, int, str]] = []
    skipped = {"continued": 0, "incomplete": 0}
    for f in sorted(files):
        text = git(args.git_dir, "show", f"{commit}:{f}").replace("\r\n", "\n")
        found = list(one_liners(list(code_blocks(text))))
        if args.inline:
            found += list(inline_examples(text))
        for no, expr, status in sorted(found):
            if status != "ok":
                skipped[status] += 1
                continue
            rows.append((f, no, expr.replace("\t", " ")))

    distinct: list[str] = []
    seen: set[str] = set()
    for _, _, e in rows:
        if e not in seen:
            seen.add(e)
            distinct.append(e)

    script = Path(__file__).resolve()
    cmd = "python3 tools/tidal-doc-examples/extract.py <tidal-doc git dir>"
    if args.rev != "HEAD":
        cmd += f" --rev {shlex.quote(args.rev)}"
    if args.inline:
        cmd += " --inline"
    header = [
        f"# One-line `d1 $ ...` examples from {REPO_URL}",
        f"# commit {commit} ({date}); files docs/reference/** and docs/patternlib/** (*.md, *.mdx)",
        f"# licence of the source: {lic}; the examples are quoted from that documentation",
        f"# generated by: {cmd}",
    ]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "examples.txt").write_text(
        "\n".join(header + [f"# {len(distinct)} distinct examples, one per line"] + distinct) + "\n",
        encoding="utf-8",
    )
    (out / "examples.tsv").write_text(
        "\n".join(
            header
            + [f"# {len(rows)} occurrences: file<TAB>line<TAB>example"]
            + [f"{f}\t{no}\t{e}" for f, no, e in rows]
        )
        + "\n",
        encoding="utf-8",
    )

    per_folder = {}
    for folder in FOLDERS:
        per_folder[folder] = len({e for f, _, e in rows if f.startswith(folder)})
    print(f"commit {commit} ({date}), licence {lic}", file=sys.stderr)
    print(f"{len(files)} files, {len(rows)} one-line occurrences, {len(distinct)} distinct", file=sys.stderr)
    for folder, n in per_folder.items():
        print(f"  {folder:<18} {n} distinct", file=sys.stderr)
    both = len(
        {e for f, _, e in rows if f.startswith(FOLDERS[0])} & {e for f, _, e in rows if f.startswith(FOLDERS[1])}
    )
    print(f"  in both folders    {both}", file=sys.stderr)
    print(
        f"skipped: {skipped['continued']} multi-line (continued on the next line), "
        f"{skipped['incomplete']} incomplete on their line",
        file=sys.stderr,
    )
    print(f"wrote {out / 'examples.txt'} and {out / 'examples.tsv'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
