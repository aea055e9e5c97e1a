"""Set 02: for every question, the three most likely wrong answers and some other right ones."""

PASS, FAIL = True, False

ANSWERS = {
    "q1-count-primitives-answer": [
        (
            "distinct primitives only",
            "def count_primitives(f, *args):\n"
            "    return {e.primitive.name: 1 for e in jax.make_jaxpr(f)(*args).jaxpr.eqns}",
            FAIL,
        ),
        (
            "a Counter",
            "from collections import Counter\n\n"
            "def count_primitives(f, *args):\n"
            "    return Counter(e.primitive.name for e in jax.make_jaxpr(f)(*args).jaxpr.eqns)",
            PASS,
        ),
        (
            "recurses into sub-jaxprs",
            "def count_primitives(f, *args):\n"
            "    counts = {}\n"
            "    def visit(jaxpr):\n"
            "        for e in jaxpr.eqns:\n"
            "            counts[e.primitive.name] = counts.get(e.primitive.name, 0) + 1\n"
            "            for v in e.params.values():\n"
            "                for s in v if isinstance(v, tuple) else (v,):\n"
            "                    if hasattr(s, 'eqns'):\n"
            "                        visit(s)\n"
            "    visit(jax.make_jaxpr(f)(*args).jaxpr)\n"
            "    return counts",
            FAIL,
        ),
        (
            "str() of each primitive, counted with list.count",
            "def count_primitives(f, *args):\n"
            "    names = [str(e.primitive) for e in jax.make_jaxpr(f)(*args).eqns]\n"
            "    return {n: names.count(n) for n in set(names)}",
            PASS,
        ),
        (
            "the number of equations",
            "def count_primitives(f, *args):\n    return len(jax.make_jaxpr(f)(*args).jaxpr.eqns)",
            FAIL,
        ),
        (
            "the primitives themselves as keys",
            "from collections import Counter\n\n"
            "def count_primitives(f, *args):\n"
            "    return Counter(e.primitive for e in jax.make_jaxpr(f)(*args).jaxpr.eqns)",
            FAIL,
        ),
    ],
    "q2-count-primitives-deep-answer": [
        (
            "top level only",
            "def count_primitives_deep(f, *args):\n"
            "    counts = {}\n"
            "    for e in jax.make_jaxpr(f)(*args).jaxpr.eqns:\n"
            "        counts[e.primitive.name] = counts.get(e.primitive.name, 0) + 1\n"
            "    return counts",
            FAIL,
        ),
        (
            "isinstance with jax.extend.core types, and a stack",
            "from collections import Counter\n"
            "from jax.extend.core import ClosedJaxpr, Jaxpr\n\n"
            "def count_primitives_deep(f, *args):\n"
            "    counts, todo = Counter(), [jax.make_jaxpr(f)(*args).jaxpr]\n"
            "    while todo:\n"
            "        for e in todo.pop().eqns:\n"
            "            counts[e.primitive.name] += 1\n"
            "            for v in e.params.values():\n"
            "                subs = v if isinstance(v, (tuple, list)) else [v]\n"
            "                todo += [s for s in subs if isinstance(s, (Jaxpr, ClosedJaxpr))]\n"
            "    return counts",
            PASS,
        ),
        (
            "only the 'jaxpr' parameter",
            "def count_primitives_deep(f, *args):\n"
            "    counts = {}\n"
            "    def visit(jaxpr):\n"
            "        for e in jaxpr.eqns:\n"
            "            counts[e.primitive.name] = counts.get(e.primitive.name, 0) + 1\n"
            "            if 'jaxpr' in e.params:\n"
            "                visit(e.params['jaxpr'])\n"
            "    visit(jax.make_jaxpr(f)(*args).jaxpr)\n"
            "    return counts",
            FAIL,
        ),
        (
            "forgets the equation that holds the sub-jaxprs",
            "def count_primitives_deep(f, *args):\n"
            "    counts = {}\n"
            "    def visit(jaxpr):\n"
            "        for e in jaxpr.eqns:\n"
            "            subs = [s for v in e.params.values()\n"
            "                    for s in (v if isinstance(v, tuple) else (v,)) if hasattr(s, 'eqns')]\n"
            "            if not subs:\n"
            "                counts[e.primitive.name] = counts.get(e.primitive.name, 0) + 1\n"
            "            for s in subs:\n"
            "                visit(s)\n"
            "    visit(jax.make_jaxpr(f)(*args).jaxpr)\n"
            "    return counts",
            FAIL,
        ),
        (
            "one level deep only",
            "def count_primitives_deep(f, *args):\n"
            "    counts = {}\n"
            "    def add(jaxpr):\n"
            "        for e in jaxpr.eqns:\n"
            "            counts[e.primitive.name] = counts.get(e.primitive.name, 0) + 1\n"
            "    top = jax.make_jaxpr(f)(*args).jaxpr\n"
            "    add(top)\n"
            "    for e in top.eqns:\n"
            "        for v in e.params.values():\n"
            "            for s in v if isinstance(v, tuple) else (v,):\n"
            "                if hasattr(s, 'eqns'):\n"
            "                    add(s)\n"
            "    return counts",
            FAIL,
        ),
        (
            "does not look inside tuples (misses cond branches)",
            "def count_primitives_deep(f, *args):\n"
            "    counts = {}\n"
            "    def visit(jaxpr):\n"
            "        for e in jaxpr.eqns:\n"
            "            counts[e.primitive.name] = counts.get(e.primitive.name, 0) + 1\n"
            "            for v in e.params.values():\n"
            "                if hasattr(v, 'eqns'):\n"
            "                    visit(v)\n"
            "    visit(jax.make_jaxpr(f)(*args).jaxpr)\n"
            "    return counts",
            FAIL,
        ),
        (
            "looks only at the parameter names it knows",
            "def count_primitives_deep(f, *args):\n"
            "    names = ('jaxpr', 'branches', 'body_jaxpr', 'cond_jaxpr', 'call_jaxpr', 'fun_jaxpr')\n"
            "    counts = {}\n\n"
            "    def visit(jaxpr):\n"
            "        for eqn in jaxpr.eqns:\n"
            "            counts[eqn.primitive.name] = counts.get(eqn.primitive.name, 0) + 1\n"
            "            for name in names:\n"
            "                value = eqn.params.get(name)\n"
            "                for sub in value if isinstance(value, tuple) else (value,):\n"
            "                    if hasattr(sub, 'eqns'):\n"
            "                        visit(sub)\n\n"
            "    visit(jax.make_jaxpr(f)(*args).jaxpr)\n"
            "    return counts",
            FAIL,
        ),
        (
            "visits every sub-jaxpr object only once",
            "def count_primitives_deep(f, *args):\n"
            "    counts, seen = {}, set()\n\n"
            "    def visit(jaxpr):\n"
            "        if id(jaxpr) in seen:\n"
            "            return\n"
            "        seen.add(id(jaxpr))\n"
            "        for eqn in jaxpr.eqns:\n"
            "            counts[eqn.primitive.name] = counts.get(eqn.primitive.name, 0) + 1\n"
            "            for value in eqn.params.values():\n"
            "                for sub in value if isinstance(value, tuple | list) else (value,):\n"
            "                    if hasattr(sub, 'eqns'):\n"
            "                        visit(sub)\n\n"
            "    visit(jax.make_jaxpr(f)(*args).jaxpr)\n"
            "    return counts",
            FAIL,
        ),
    ],
    "q3-predict-unrolling-answer": [
        (
            "forgets the multiplication c * power",
            "def unrolled_counts(coeffs):\n"
            "    nonzero = sum(1 for c in coeffs if c != 0)\n"
            "    return {'mul': len(coeffs), 'add': nonzero}",
            FAIL,
        ),
        (
            "traces it and counts, which the statement rules out",
            "def unrolled_counts(coeffs):\n"
            "    eqns = jax.make_jaxpr(lambda x: sparse_poly(x, coeffs))(1.0).jaxpr.eqns\n"
            "    names = [e.primitive.name for e in eqns]\n"
            "    return {'mul': names.count('mul'), 'add': names.count('add')}",
            FAIL,
        ),
        (
            "ignores the if: every term added",
            "def unrolled_counts(coeffs):\n    return {'mul': 2 * len(coeffs), 'add': len(coeffs)}",
            FAIL,
        ),
        (
            "a formula with the number of zeros",
            "def unrolled_counts(coeffs):\n"
            "    zeros = list(coeffs).count(0)\n"
            "    return {'mul': 2 * len(coeffs) - zeros, 'add': len(coeffs) - zeros}",
            PASS,
        ),
        (
            "thinks the loop stays a loop",
            "def unrolled_counts(coeffs):\n    return {'mul': 2, 'add': 1}",
            FAIL,
        ),
        (
            "thinks the unused last power * x is dropped",
            "def unrolled_counts(coeffs):\n"
            "    nonzero = sum(1 for c in coeffs if c != 0)\n"
            "    return {'mul': max(len(coeffs) - 1, 0) + nonzero, 'add': nonzero}",
            FAIL,
        ),
        (
            "counts by walking the coefficients, no tracing",
            "def unrolled_counts(coeffs):\n"
            "    mul = add = 0\n"
            "    for c in coeffs:\n"
            "        mul += 1\n"
            "        if c != 0:\n"
            "            mul, add = mul + 1, add + 1\n"
            "    return {'mul': mul, 'add': add}",
            PASS,
        ),
    ],
    "q4-write-the-jaxpr-answer": [
        (
            "squares with ** 2 (integer_pow, not mul)",
            "def mystery(x, w, b):\n    return jnp.sum(jnp.tanh(w @ x + b) ** 2)",
            FAIL,
        ),
        (
            "jnp.dot, bias added first",
            "def mystery(x, w, b):\n    h = jnp.tanh(b + jnp.dot(w, x))\n    return (h * h).sum()",
            PASS,
        ),
        (
            "a mean instead of a sum",
            "def mystery(x, w, b):\n    h = jnp.tanh(w @ x + b)\n    return jnp.mean(h * h)",
            FAIL,
        ),
        (
            "x @ w.T: an extra transpose",
            "def mystery(x, w, b):\n    h = jnp.tanh(x @ w.T + b)\n    return jnp.sum(h * h)",
            FAIL,
        ),
        (
            "lax primitives directly",
            "def mystery(x, w, b):\n"
            "    h = lax.tanh(lax.add(lax.dot(w, x), b))\n"
            "    return lax.reduce_sum(lax.mul(h, h), axes=(0,))",
            PASS,
        ),
        (
            "squares with jnp.square",
            "def mystery(x, w, b):\n    return jnp.sum(jnp.square(jnp.tanh(w @ x + b)))",
            FAIL,
        ),
        (
            "reads the arguments in another order",
            "def mystery(w, x, b):\n    h = jnp.tanh(w @ x + b)\n    return jnp.sum(h * h)",
            FAIL,
        ),
    ],
    "q5-traced-branching-answer": [
        (
            "forgets the negative side",
            "def soft_threshold(x, t):\n    return jnp.where(x > t, x - t, 0.0)",
            FAIL,
        ),
        (
            "sign times a clipped magnitude",
            "def soft_threshold(x, t):\n    return jnp.sign(x) * jnp.maximum(jnp.abs(x) - t, 0.0)",
            PASS,
        ),
        (
            "a Python if",
            "def soft_threshold(x, t):\n"
            "    if x > t:\n        return x - t\n"
            "    if x < -t:\n        return x + t\n"
            "    return 0.0 * x",
            FAIL,
        ),
        (
            "x minus x clipped to [-t, t]",
            "def soft_threshold(x, t):\n    return x - jnp.clip(x, -t, t)",
            PASS,
        ),
        (
            "a shrinkage factor: right values, but 0/0 at x = 0 makes the gradient NaN",
            "def soft_threshold(x, t):\n    return x * jnp.maximum(1.0 - t / jnp.abs(x), 0.0)",
            FAIL,
        ),
        (
            "loses the sign",
            "def soft_threshold(x, t):\n    return jnp.maximum(jnp.abs(x) - t, 0.0)",
            FAIL,
        ),
        (
            "shrinks by t on both sides the same way",
            "def soft_threshold(x, t):\n    return jnp.where(jnp.abs(x) > t, x - t, 0.0)",
            FAIL,
        ),
        (
            "lax.cond, which needs one scalar predicate",
            "def soft_threshold(x, t):\n"
            "    return lax.cond(x > t, lambda: x - t, lambda: jnp.where(x < -t, x + t, 0.0 * x))",
            FAIL,
        ),
    ],
    "q6-count-traces-answer": [
        (
            "one trace per call",
            "def count_traces(f, calls, static_argnums=()):\n    return len(calls)",
            FAIL,
        ),
        (
            "reasons about the cache key",
            "def count_traces(f, calls, static_argnums=()):\n"
            "    seen = set()\n"
            "    for args in calls:\n"
            "        key = []\n"
            "        for i, a in enumerate(args):\n"
            "            if i in static_argnums:\n"
            "                key.append(('static', a))\n"
            "            else:\n"
            "                leaves, tree = jax.tree.flatten(a)\n"
            "                key.append((str(tree), tuple(str(jax.typeof(v)) for v in leaves)))\n"
            "        seen.add(tuple(key))\n"
            "    return len(seen)",
            PASS,
        ),
        (
            "counts with jax.debug.callback, which runs on every call",
            "def count_traces(f, calls, static_argnums=()):\n"
            "    n = [0]\n"
            "    def bump():\n        n[0] += 1\n"
            "    def counted(*args):\n"
            "        jax.debug.callback(bump)\n"
            "        return f(*args)\n"
            "    jitted = jax.jit(counted, static_argnums=static_argnums)\n"
            "    for args in calls:\n"
            "        jax.block_until_ready(jitted(*args))\n"
            "    jax.effects_barrier()\n"
            "    return n[0]",
            FAIL,
        ),
        (
            "a counter in a list, the static arguments passed on by name",
            "def count_traces(f, calls, static_argnums=()):\n"
            "    log = []\n"
            "    def counted(*args):\n"
            "        log.append(1)\n"
            "        return f(*args)\n"
            "    jitted = jax.jit(counted, static_argnums=tuple(static_argnums))\n"
            "    for args in calls:\n"
            "        jitted(*args)\n"
            "    return len(log)",
            PASS,
        ),
        (
            "forgets static_argnums",
            "def count_traces(f, calls, static_argnums=()):\n"
            "    traces = 0\n"
            "    def counted(*args):\n"
            "        nonlocal traces\n"
            "        traces += 1\n"
            "        return f(*args)\n"
            "    jitted = jax.jit(counted)\n"
            "    for args in calls:\n"
            "        jitted(*args)\n"
            "    return traces",
            FAIL,
        ),
        (
            "counts distinct shapes only",
            "def count_traces(f, calls, static_argnums=()):\n"
            "    return len({tuple(jnp.shape(a) for a in args) for args in calls})",
            FAIL,
        ),
        (
            "counts distinct shapes and static values, not dtypes",
            "def count_traces(f, calls, static_argnums=()):\n"
            "    return len({tuple(a if i in static_argnums else jnp.shape(a)\n"
            "                      for i, a in enumerate(args)) for args in calls})",
            FAIL,
        ),
    ],
}
