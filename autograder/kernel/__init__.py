"""What runs inside the learner's kernel: the test-cell API and what it needs, nothing more.

- :mod:`~autograder.kernel.check`: ``question(...)`` and its checks, as test cells call them.
  In a learner's own notebook they judge at once; under the grader they only record values.
- :mod:`~autograder.kernel.records`: values to and from JSON (arrays, scalars of every dtype,
  pytrees, PRNG keys), the one format both sides of the sandbox speak.
- :mod:`~autograder.kernel.judge`: the rule of each kind of check (``Kind``), used by the
  learner's self-check and by the grader's verdicts alike.

These modules import only the standard library and NumPy (JAX lazily), so a test cell costs
the learner's kernel no Jupyter or nbgrader machinery; ``tests/test_layout.py`` keeps it so.
"""
