"""Maintenance commands: ``python -m jaxcourse stamp|environment|benchmark|gpu``."""

from __future__ import annotations

import argparse
import sys

from jaxcourse import notebooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jaxcourse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("stamp", help="rewrite every notebook's badges and Colab setup cell")
    sub.add_parser("environment", help="write environment.yml from the pins in pyproject.toml")
    bench = sub.add_parser("benchmark", help="time every notebook against its budget")
    bench.add_argument("notebooks", nargs="*", help="notebooks to time (default: all)")
    gpu = sub.add_parser("gpu", help="run every lesson's GPU cells and print one table")
    gpu.add_argument("notebooks", nargs="*", help="lessons to run (default: all with a GPU cell)")
    args = parser.parse_args(argv)
    if args.command == "stamp":
        changed = notebooks.stamp()
        for path, what in changed.items():
            print(f"stamped {path}: {', '.join(what)}")
        print(f"{len(changed)} file(s) changed")
    elif args.command == "benchmark":
        from pathlib import Path

        from jaxcourse import benchmark

        return benchmark.main([Path(p).resolve() for p in args.notebooks] or None)
    elif args.command == "gpu":
        from pathlib import Path

        from jaxcourse import gpu as gpu_cells

        return gpu_cells.run_course([Path(p).resolve() for p in args.notebooks] or None)
    elif args.command == "environment":
        (notebooks.ROOT / "environment.yml").write_text(notebooks.environment_yml())
        print("wrote environment.yml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
