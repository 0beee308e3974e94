"""`make bench`: run every benchmark module in this folder (bench_*.py), each in its own process,
printing its figures and the ratio to its floor. A benchmark module exposes ``main() -> None``."""

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
    failed = 0
    for name in selected:
        print(f"== {name}", flush=True)
        # Each in its own process: a benchmark sets up Django on a database of its own.
        done = subprocess.run(
            [sys.executable, "-c", f"import bench.{name} as b; b.main()"], check=False
        )
        failed += done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
