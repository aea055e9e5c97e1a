"""The kit's autograder: the test-cell API used in every exercise, and the instructor commands.

Test cells use :func:`question` (see :mod:`autograder.check`). Instructors use
``python -m autograder release|validate`` (see :mod:`autograder.__main__`).
"""

from autograder.check import CheckFailed, Question, question, watching

__all__ = ["CheckFailed", "Question", "question", "watching"]
