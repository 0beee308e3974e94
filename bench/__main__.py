"""`make bench`: run every benchmark module in this folder (bench_*.py), each printing its
figures and the ratio to its floor. A benchmark module exposes ``main() -> None``."""

from __future__ import annotations

import importlib
import pkgutil
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
    for name in selected:
        print(f"== {name}")
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
