"""The kit's autograder, in two parts that never share a process:

- :mod:`autograder.kernel` runs inside the learner's kernel: the test-cell API (re-exported
  here, so test cells write ``from autograder import question``), its value records, its rules.
- :mod:`autograder.grader` runs in the instructor's process: sandbox, runner, verdicts, the
  bridge to nbgrader's gradebook, and the commands ``python -m autograder release|validate|
  grade|benchmark`` (see :mod:`autograder.__main__`).
"""

from autograder.kernel.check import CheckFailed, Question, question, watching

__all__ = ["CheckFailed", "Question", "question", "watching"]
