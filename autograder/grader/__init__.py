"""What runs in the instructor's process, never in a learner's kernel.

A grading run (:mod:`~autograder.grader.grade`), in the order a submission meets them:

- :mod:`~autograder.grader.submission`: read the submitted notebook, put the solution's test
  cells (hidden tests included) back in place of whatever the learner left there.
- :mod:`~autograder.grader.runner`: run it under limits (time, memory, output, crashes) in
  :mod:`~autograder.grader.sandbox` (bubblewrap), with XLA's compile cache; each kernel forked
  from a warm sandboxed server (:mod:`~autograder.grader.forks`, whose server side is
  :mod:`~autograder.grader.zygote`) into namespaces of its own.
- :mod:`~autograder.grader.verdict`: judge the recorded values against the solution's, outside
  the sandbox.
- :mod:`~autograder.grader.bridge`: hand the verdicts to nbgrader's own autograde, which writes
  the gradebook and the notebooks that feedback is made from.

Also :mod:`~autograder.grader.release` (exercises from solutions, through nbgrader),
:mod:`~autograder.grader.validate` (full marks for the solution, zero for the blank, every
hidden test reachable), :mod:`~autograder.grader.benchmark` (against stock nbgrader), and the
notebook helpers :mod:`~autograder.grader.notebook` and :mod:`~autograder.grader.execute`.
"""
