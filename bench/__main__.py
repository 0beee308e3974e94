"""`make bench`: run every benchmark module in this folder (bench_*.py), each in its own process,
printing its figures and the ratio to its floor. A benchmark module exposes ``main() -> None``
and exits non-zero when it misses a target; then so does `make bench`, after running all."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    names = sorted(
        module.name
        for module in pkgutil.iter_modules([str(Path(__file__).parent)])
        if module.name.startswith("bench_")
    )
    selected = [name for name in names if not sys.argv[1:] or name in sys.argv[1:]]
    if not selected:
        print("No benchmarks selected; available:", ", ".join(names) or "none")
        return 0
    failed: list[str] = []
    for name in selected:
        print(f"== {name}", flush=True)
        # Each in its own process: a benchmark sets up Django on a database of its own.
        done = subprocess.run(
            [sys.executable, "-c", f"import bench.{name} as b; b.main()"], check=False
        )
        if done.returncode != 0:
            failed.append(name)
    if failed:
        print("== missed a target (or failed):", ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
