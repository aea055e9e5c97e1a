"""Instructor commands.

    python -m autograder release [SET ...] [--check]   make exercises/ from solutions/ (nbgrader)
    python -m autograder validate [SET ...]            solution scores full marks, blank scores zero
    python -m autograder grade SET [--student ID ...]  grade submitted/ into nbgrader's gradebook
    python -m autograder benchmark [SET] [-n 20] [--runs R] [--mix learners|copies]
                                                       stock nbgrader autograde vs this grader
    python -m autograder sandbox                       can grading be sandboxed on this machine?

SET is an exercise set's folder name (``01-accelerated-numpy``); without one, every set.
"""

from __future__ import annotations

import argparse
import sys

from autograder.grader import release as _release
from autograder.grader import validate as _validate
from autograder.grader.errors import GraderError
from autograder.grader.runner import KernelSettings as _KernelSettings
from autograder.grader.runner import Limits as _Limits


def _source_directory() -> str:
    from autograder.grader.course import Course

    return Course().coursedir.source_directory


def _add_limits(command: argparse.ArgumentParser) -> None:
    """A kernel run's limits as options, the same for validate and grade; defaults from Limits."""
    command.add_argument(
        "--cell-timeout",
        type=float,
        default=_Limits.cell_seconds,
        help=f"seconds per cell (default {_Limits.cell_seconds:g})",
    )
    command.add_argument(
        "--timeout",
        type=float,
        default=_Limits.submission_seconds,
        help=f"seconds per submission (default {_Limits.submission_seconds:g})",
    )
    command.add_argument(
        "--memory",
        type=float,
        default=_Limits.memory_bytes / 2**30,
        help=f"GiB per submission's kernel (default {_Limits.memory_bytes / 2**30:g})",
    )
    command.add_argument(
        "--xla-flags",
        default=_KernelSettings.xla_flags,
        help="XLA_FLAGS for the solution's and the submissions' kernels (default: none, so "
        "they compile as learners' notebooks do; '--xla_backend_optimization_level=0' compiles "
        "faster but rounds differently, and a right answer near a tolerance can then fail)",
    )


def _parser() -> argparse.ArgumentParser:
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
    _add_limits(val)
    grd = sub.add_parser("grade", help="grade the submissions of one set (sandboxed, in parallel)")
    grd.add_argument("set")
    grd.add_argument("--student", action="append", help="only this student (repeatable)")
    grd.add_argument("--workers", type=int, default=None, help="parallel kernels (default: cores)")
    _add_limits(grd)
    grd.add_argument(
        "--unsandboxed",
        action="store_true",
        help="grade even where no sandbox can be built: every submission then runs as you, with "
        "your files and your network (the report and the feedback say so)",
    )
    sub.add_parser("sandbox", help="say whether grading can be sandboxed on this machine")
    bench = sub.add_parser("benchmark", help="stock nbgrader autograde vs this grader, same run")
    bench.add_argument("set", nargs="?", default="01-accelerated-numpy")
    bench.add_argument("-n", type=int, default=20, help="submissions (default 20)")
    bench.add_argument("--runs", type=int, default=1, help="times to grade them (default 1)")
    bench.add_argument(
        "--mix",
        choices=("learners", "copies"),
        default="learners",
        help="learners' own right and wrong answers, from tests/answers/ (default), or copies "
        "of the solution (full, partial, blank: the compile cache's best case)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(parser, args)
    except GraderError as err:  # the grader's faults, said once, here: exit status 2
        print(f"error: {err}", file=sys.stderr)
        return 2


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    commands = {
        "sandbox": _sandbox,
        "benchmark": _benchmark,
        "grade": _grade,
        "release": _release_sets,
        "validate": _validate_sets,
    }
    return commands[args.command](parser, args)


def _sets(parser: argparse.ArgumentParser, names: list[str]) -> list[str]:
    """The named exercise sets (every set if none), or a usage error naming the unknown ones."""
    sets = names or _release.assignments()
    unknown = sorted(set(sets) - set(_release.assignments()))
    if unknown:
        parser.error(f"no exercise set named {', '.join(unknown)} in {_source_directory()}/")
    return sets


def _settings(args: argparse.Namespace) -> _KernelSettings:
    limits = _Limits(
        cell_seconds=args.cell_timeout,
        submission_seconds=args.timeout,
        memory_bytes=int(args.memory * 2**30),
    )
    return _KernelSettings(limits=limits, xla_flags=args.xla_flags)


def _sandbox(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from autograder.grader import sandbox

    print(sandbox.status_line())
    return 0


def _benchmark(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from autograder.grader import benchmark

    return benchmark.main(args.set, args.n, args.runs, args.mix)


def _grade(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from autograder.grader import grade

    (assignment,) = _sets(parser, [args.set])
    grade.grade(
        assignment,
        students=args.student,
        workers=args.workers,
        settings=_settings(args),
        progress=sys.stdout.isatty(),
        unsandboxed=args.unsandboxed,
    )
    return 0


def _release_sets(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    sets = _sets(parser, args.sets)
    if args.check:
        diffs = [d for s in sets for d in _release.differences(s)]
        for d in diffs:
            print(d)
        print("exercises/ is up to date" if not diffs else "run: python -m autograder release")
        return 1 if diffs else 0
    for s in sets:
        print(f"released {_release.release(s).relative_to(_release.ROOT)}")
    return 0


def _validate_sets(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    from autograder.grader import sandbox

    sets = _sets(parser, args.sets)
    if not sandbox.available():  # the instructor's own solution: a trusted run
        print(f"note: validate runs your solutions unsandboxed here ({sandbox.problem()})")
    failed = False
    for s in sets:
        for report in _validate.validate(s, settings=_settings(args)):
            print(report.table())
            failed |= not report.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
