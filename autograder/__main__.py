"""Instructor commands.

    python -m autograder release [SET ...] [--check]   make exercises/ from solutions/ (nbgrader)
    python -m autograder validate [SET ...]            solution scores full marks, blank scores zero

SET is an exercise set's folder name (``01-accelerated-numpy``); without one, every set.
"""

from __future__ import annotations

import argparse
import sys

from autograder import release as _release
from autograder import validate as _validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograder",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="regenerate exercises/ from solutions/ through nbgrader")
    rel.add_argument("sets", nargs="*")
    rel.add_argument(
        "--check", action="store_true", help="change nothing; fail if exercises/ is stale"
    )
    val = sub.add_parser(
        "validate", help="prove full marks for the solution and zero for the blank"
    )
    val.add_argument("sets", nargs="*")
    val.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    args = parser.parse_args(argv)
    sets = args.sets or _release.assignments()
    unknown = sorted(set(sets) - set(_release.assignments()))
    if unknown:
        parser.error(f"no exercise set named {', '.join(unknown)} in {_release.SOURCE}/")

    if args.command == "release":
        if args.check:
            diffs = [d for s in sets for d in _release.differences(s)]
            for d in diffs:
                print(d)
            print("exercises/ is up to date" if not diffs else "run: python -m autograder release")
            return 1 if diffs else 0
        for s in sets:
            print(f"released {_release.release(s).relative_to(_release.ROOT)}")
        return 0

    failed = False
    for s in sets:
        for report in _validate.validate(s, timeout=args.timeout):
            print(report.table())
            failed |= not report.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
