"""The verdict: a submission's records against the solution's, judged outside the submission.

The reference (the solution run in ``reference`` mode) says which checks exist, what each should
come to, and with what tolerances. A submission passes a check only by recording, from the right
test cell, a value that the judge accepts against that reference. Missing, duplicated or
malformed records fail the check and say why.
"""

from __future__ import annotations

from autograder.grader import notebook
from autograder.grader.errors import BrokenReference
from autograder.grader.results import CheckResult, QuestionResult
from autograder.kernel import judge
from autograder.kernel.records import FORMAT_VERSION, RecordError, decode


def reference_records(executed_reference) -> dict[str, list[dict]]:
    """Check and return the reference records of an executed solution notebook."""
    out = {}
    for gid, entry in notebook.cell_records(executed_reference).items():
        if entry.error:
            raise BrokenReference(f"the solution's test cell {gid!r} raised {entry.error}")
        if not entry.records:
            raise BrokenReference(f"the solution's test cell {gid!r} recorded no checks")
        names = [r["name"] for r in entry.records]
        if len(set(names)) != len(names):
            raise BrokenReference(f"the solution's test cell {gid!r} has checks with the same name")
        bad = [r["name"] for r in entry.records if "error" in r]
        if bad:
            raise BrokenReference(f"the solution's test cell {gid!r} could not record {bad}")
        versions = {r.get("v") for r in entry.records} - {FORMAT_VERSION}
        if versions:
            found = ", ".join(sorted(map(str, versions)))
            raise BrokenReference(
                f"the solution's test cell {gid!r} wrote records of format {found} where this "
                f"grader reads format {FORMAT_VERSION}: the kit in the grading kernel is another "
                "version than the grader's; install one kit for both"
            )
        out[gid] = entry.records
    return out


def judge_check(ref: dict, candidates: list[dict], cell_error: str | None) -> CheckResult:
    name, hint = ref["name"], ref.get("hint", "")
    if not candidates:
        why = f"; the test cell stopped with {cell_error}" if cell_error else ""
        return CheckResult(name, False, [f"this check was never reached{why}"], hint)
    if len(candidates) > 1:
        return CheckResult(name, False, ["this check was recorded more than once"], hint)
    sub = candidates[0]
    if sub.get("v") != FORMAT_VERSION:
        return CheckResult(name, False, [f"a record of another format ({sub.get('v')!r})"], hint)
    if sub.get("kind") != ref["kind"]:
        return CheckResult(name, False, ["the record is not of the kind this check makes"], hint)
    if "error" in sub:
        return CheckResult(name, False, [str(sub["error"])], hint)
    try:
        kind = judge.KINDS[ref["kind"]]
        values = {k: decode(sub["values"][k]) for k in kind.values}
        if kind.reference:
            values["expected"] = decode(ref["values"]["actual"])
    except (RecordError, KeyError, TypeError, ValueError) as err:
        return CheckResult(name, False, [f"malformed record ({err})"], hint)
    problems = judge.judge(ref["kind"], values, ref["params"])
    return CheckResult(name, not problems, problems, hint)


def judge_notebook(
    reference: dict[str, list[dict]], reference_nb, executed_submission
) -> list[QuestionResult]:
    """Judge every test cell of the reference against an executed submission."""
    found = notebook.cell_records(executed_submission)
    cells = {notebook.grade_id(c): c for c in notebook.test_cells(reference_nb)}
    results = []
    for gid, ref_records in reference.items():
        entry = found.get(gid)
        result = QuestionResult(gid, notebook.points(cells[gid]))
        if entry is None:
            result.error = "the test cell is missing from the submission"
            result.checks = [
                CheckResult(r["name"], False, [result.error], r.get("hint", ""))
                for r in ref_records
            ]
        else:
            result.error = entry.error
            for ref in ref_records:
                candidates = [r for r in entry.records if r.get("name") == ref["name"]]
                result.checks.append(judge_check(ref, candidates, entry.error))
        results.append(result)
    return results
