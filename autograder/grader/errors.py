"""The grader's one error hierarchy: what stops a command, said in words, caught once by the CLI.

A fault of one submission is never one of these: it is reported and costs that submission only.
"""

from __future__ import annotations


class GraderError(Exception):
    """A fault that stops a grading command. Its message says what happened and what to do."""


class GraderSetupError(GraderError):
    """A fault of the grader's own setup, not of any submission: nothing was graded."""


class BrokenReference(GraderError):
    """The solution notebook did not produce a usable reference: fix the solution, not the grade."""


class NbgraderFailure(GraderError):
    """One of nbgrader's own steps (generate_assignment, the gradebook) failed."""


class StockAutogradeRefused(GraderError):
    """nbgrader's own autograde was asked to run submissions: the kit's grade does that."""
