"""Set 05: for every question, the three most likely wrong answers and some other right ones."""

PASS, FAIL = True, False

ANSWERS = {
    "q1-scan-ema-answer": [
        (
            "the Python loop itself (unrolled)",
            "def ema(xs, alpha):\n"
            "    average = xs[0]\n"
            "    averages = []\n"
            "    for x in xs:\n"
            "        average = (1 - alpha) * average + alpha * x\n"
            "        averages.append(average)\n"
            "    return jnp.stack(averages)",
            FAIL,
        ),
        (
            "fori_loop writing into an output array",
            "def ema(xs, alpha):\n"
            "    def body(i, state):\n"
            "        average, out = state\n"
            "        average = (1 - alpha) * average + alpha * xs[i]\n"
            "        return average, out.at[i].set(average)\n"
            "    return lax.fori_loop(0, xs.shape[0], body, (xs[0], jnp.zeros_like(xs)))[1]",
            PASS,
        ),
        (
            "starts the average at 0",
            "def ema(xs, alpha):\n"
            "    def step(average, x):\n"
            "        average = (1 - alpha) * average + alpha * x\n"
            "        return average, average\n"
            "    return lax.scan(step, jnp.zeros_like(xs[0]), xs)[1]",
            FAIL,
        ),
        (
            "scan over xs[1:], xs[0] put in front",
            "def ema(xs, alpha):\n"
            "    def step(average, x):\n"
            "        new = alpha * x + (1.0 - alpha) * average\n"
            "        return new, new\n"
            "    _, rest = lax.scan(step, xs[0], xs[1:])\n"
            "    return jnp.concatenate([xs[:1], rest])",
            PASS,
        ),
        (
            "records the average before the update",
            "def ema(xs, alpha):\n"
            "    def step(average, x):\n"
            "        return (1 - alpha) * average + alpha * x, average\n"
            "    return lax.scan(step, xs[0], xs)[1]",
            FAIL,
        ),
        (
            "returns the final average only",
            "def ema(xs, alpha):\n"
            "    def step(average, x):\n"
            "        average = (1 - alpha) * average + alpha * x\n"
            "        return average, average\n"
            "    return lax.scan(step, xs[0], xs)[0]",
            FAIL,
        ),
        (
            "the Python loop inside jax.jit",
            "def ema(xs, alpha):\n"
            "    @jax.jit\n"
            "    def run(xs, alpha):\n"
            "        average, out = xs[0], []\n"
            "        for i in range(xs.shape[0]):\n"
            "            average = (1 - alpha) * average + alpha * xs[i]\n"
            "            out.append(average)\n"
            "        return jnp.stack(out)\n"
            "    return run(xs, alpha)",
            FAIL,
        ),
    ],
    "q2-while-fixed-point-answer": [
        (
            "a fixed number of iterations (fori_loop to max_iter)",
            "def fixed_point(g, x0, tol, max_iter):\n"
            "    x = lax.fori_loop(0, max_iter, lambda i, x: g(x), x0)\n"
            "    return x, max_iter",
            FAIL,
        ),
        (
            "a done flag in the carry",
            "def fixed_point(g, x0, tol, max_iter):\n"
            "    def body(s):\n"
            "        x, k, done = s\n"
            "        new = g(x)\n"
            "        return new, k + 1, jnp.abs(new - x).max() <= tol\n"
            "    def cond(s):\n"
            "        return jnp.logical_and(jnp.logical_not(s[2]), s[1] < max_iter)\n"
            "    x, k, _ = lax.while_loop(cond, body, (x0, jnp.int32(0), jnp.bool_(False)))\n"
            "    return x, k",
            PASS,
        ),
        (
            "tests g(x) - x before applying g (one application short)",
            "def fixed_point(g, x0, tol, max_iter):\n"
            "    def cond(s):\n"
            "        x, k = s\n"
            "        return (jnp.max(jnp.abs(g(x) - x)) > tol) & (k < max_iter)\n"
            "    return lax.while_loop(cond, lambda s: (g(s[0]), s[1] + 1), (x0, 0))",
            FAIL,
        ),
        (
            "carries the previous x instead of the change",
            "def fixed_point(g, x0, tol, max_iter):\n"
            "    x0 = jnp.asarray(x0)\n"
            "    def cond(s):\n"
            "        prev, x, k = s\n"
            "        return (k < max_iter) & ((k == 0) | (jnp.max(jnp.abs(x - prev)) > tol))\n"
            "    def body(s):\n"
            "        _, x, k = s\n"
            "        return x, g(x), k + 1\n"
            "    _, x, k = lax.while_loop(cond, body, (x0, x0, 0))\n"
            "    return x, k",
            PASS,
        ),
        (
            "ignores max_iter",
            "def fixed_point(g, x0, tol, max_iter):\n"
            "    def step(s):\n"
            "        x, _, k = s\n"
            "        new = g(x)\n"
            "        return new, jnp.max(jnp.abs(new - x)), k + 1\n"
            "    x, _, k = lax.while_loop(lambda s: s[1] > tol, step, (x0, jnp.inf, 0))\n"
            "    return x, k",
            FAIL,
        ),
        (
            "a Python while loop",
            "def fixed_point(g, x0, tol, max_iter):\n"
            "    x, k, change = x0, 0, jnp.inf\n"
            "    while change > tol and k < max_iter:\n"
            "        new = g(x)\n"
            "        change = jnp.max(jnp.abs(new - x))\n"
            "        x, k = new, k + 1\n"
            "    return x, k",
            FAIL,
        ),
        (
            "measures the change with the norm",
            "def fixed_point(g, x0, tol, max_iter):\n"
            "    def step(s):\n"
            "        x, _, k = s\n"
            "        new = g(x)\n"
            "        return new, jnp.linalg.norm(jnp.ravel(new - x)), k + 1\n"
            "    cond = lambda s: (s[1] > tol) & (s[2] < max_iter)\n"
            "    x, _, k = lax.while_loop(cond, step, (x0, jnp.inf, 0))\n"
            "    return x, k",
            FAIL,
        ),
        (
            "measures the mean change over the entries",
            "def fixed_point(g, x0, tol, max_iter):\n"
            "    def step(s):\n"
            "        x, _, k = s\n"
            "        new = g(x)\n"
            "        return new, jnp.mean(jnp.abs(new - x)), k + 1\n\n"
            "    def cond(s):\n"
            "        return (s[1] > tol) & (s[2] < max_iter)\n\n"
            "    x, _, k = lax.while_loop(cond, step, (x0, jnp.inf, 0))\n"
            "    return x, k",
            FAIL,
        ),
    ],
    "q3-no-recompile-answer": [
        (
            "n_steps static, a Python loop",
            "def make_descent(f):\n"
            "    grad_f = jax.grad(f)\n"
            "    def descend(x0, lr, n_steps):\n"
            "        x = x0\n"
            "        for _ in range(n_steps):\n"
            "            x = x - lr * grad_f(x)\n"
            "        return x\n"
            "    return jax.jit(descend, static_argnames='n_steps')",
            FAIL,
        ),
        (
            "a while_loop with its own counter",
            "def make_descent(f):\n"
            "    def descend(x0, lr, n_steps):\n"
            "        def body(state):\n"
            "            i, x = state\n"
            "            return i + 1, x - lr * jax.grad(f)(x)\n"
            "        return lax.while_loop(lambda s: s[0] < n_steps, body, (0, x0))[1]\n"
            "    return jax.jit(descend)",
            PASS,
        ),
        (
            "lr and n_steps static",
            "def make_descent(f):\n"
            "    grad_f = jax.grad(f)\n"
            "    def descend(x0, lr, n_steps):\n"
            "        return lax.fori_loop(0, n_steps, lambda i, x: x - lr * grad_f(x), x0)\n"
            "    return jax.jit(descend, static_argnums=(1, 2))",
            FAIL,
        ),
        (
            "jit as a decorator with functools.partial, value_and_grad",
            "from functools import partial\n\n"
            "def make_descent(f):\n"
            "    @partial(jax.jit, static_argnames=())\n"
            "    def descend(x0, lr, n_steps):\n"
            "        def body(i, x):\n"
            "            _, g = jax.value_and_grad(f)(x)\n"
            "            return x - lr * g\n"
            "        return lax.fori_loop(0, n_steps, body, x0)\n"
            "    return descend",
            PASS,
        ),
        (
            "no jit at all",
            "def make_descent(f):\n"
            "    def descend(x0, lr, n_steps):\n"
            "        return lax.fori_loop(0, n_steps, lambda i, x: x - lr * jax.grad(f)(x), x0)\n"
            "    return descend",
            FAIL,
        ),
        (
            "jits a new function on every call",
            "def make_descent(f):\n"
            "    def descend(x0, lr, n_steps):\n"
            "        run = jax.jit(lambda x, a, n: lax.fori_loop(\n"
            "            0, n, lambda i, v: v - a * jax.grad(f)(v), x))\n"
            "        return run(x0, lr, n_steps)\n"
            "    return descend",
            FAIL,
        ),
        (
            "a Python wrapper around a jitted function, converting to int and float",
            "def make_descent(f):\n"
            "    grad_f = jax.grad(f)\n"
            "    run = jax.jit(lambda x, a, n: lax.fori_loop(0, n, lambda i, v: v - a * grad_f(v), x))\n\n"
            "    def descend(x0, lr, n_steps):\n"
            "        return run(x0, float(lr), int(n_steps))\n\n"
            "    return descend",
            FAIL,
        ),
    ],
    "q4-switch-schedule-answer": [
        (
            "decays forever: no zero after step 2000",
            "def lr_schedule(step):\n"
            "    step = jnp.asarray(step)\n"
            "    warm = 0.1 * step / 100\n"
            "    decay = 0.05 * (1 + jnp.cos(jnp.pi * (step - 1000) / 1000))\n"
            "    out = jnp.where(step < 100, warm, jnp.where(step < 1000, 0.1, decay))\n"
            "    return out.astype(jnp.float32)",
            FAIL,
        ),
        (
            "nested jnp.where",
            "def lr_schedule(step):\n"
            "    s = jnp.asarray(step, jnp.float32)\n"
            "    decay = 0.05 * (1 + jnp.cos(jnp.pi * (s - 1000) / 1000))\n"
            "    return jnp.where(s < 100, 0.1 * s / 100,\n"
            "                     jnp.where(s < 1000, 0.1, jnp.where(s < 2000, decay, 0.0)))",
            PASS,
        ),
        (
            "integer division in the warm-up",
            "def lr_schedule(step):\n"
            "    branches = [\n"
            "        lambda s: (0.1 * (s // 100)).astype(jnp.float32),\n"
            "        lambda s: jnp.float32(0.1),\n"
            "        lambda s: (0.05 * (1 + jnp.cos(jnp.pi * (s - 1000) / 1000))).astype(jnp.float32),\n"
            "        lambda s: jnp.float32(0.0),\n"
            "    ]\n"
            "    index = jnp.searchsorted(jnp.array([100, 1000, 2000]), step, side='right')\n"
            "    return lax.switch(index, branches, step)",
            FAIL,
        ),
        (
            "jnp.select with searchsorted-free conditions",
            "def lr_schedule(step):\n"
            "    s = jnp.asarray(step).astype(jnp.float32)\n"
            "    conds = [s < 100, s < 1000, s < 2000]\n"
            "    values = [s / 1000, jnp.full_like(s, 0.1),\n"
            "              0.05 + 0.05 * jnp.cos(jnp.pi * (s / 1000 - 1))]\n"
            "    return jnp.select(conds, values, 0.0).astype(jnp.float32)",
            PASS,
        ),
        (
            "a Python if / elif",
            "import math\n\n"
            "def lr_schedule(step):\n"
            "    if step < 100:\n"
            "        return jnp.float32(0.1 * step / 100)\n"
            "    elif step < 1000:\n"
            "        return jnp.float32(0.1)\n"
            "    elif step < 2000:\n"
            "        return jnp.float32(0.05 * (1 + math.cos(math.pi * (step - 1000) / 1000)))\n"
            "    return jnp.float32(0.0)",
            FAIL,
        ),
        (
            "cosine over 2000 steps instead of 1000",
            "def lr_schedule(step):\n"
            "    branches = [\n"
            "        lambda s: (0.1 * s / 100).astype(jnp.float32),\n"
            "        lambda s: jnp.float32(0.1),\n"
            "        lambda s: (0.05 * (1 + jnp.cos(jnp.pi * (s - 1000) / 2000))).astype(jnp.float32),\n"
            "        lambda s: jnp.float32(0.0),\n"
            "    ]\n"
            "    index = jnp.sum(step >= jnp.array([100, 1000, 2000]))\n"
            "    return lax.switch(index, branches, step)",
            FAIL,
        ),
    ],
    "q5-bouncing-scan-answer": [
        (
            "no floor: falls through it",
            "def bounce(height, velocity, restitution, n_steps):\n"
            "    def step(state, _):\n"
            "        y, v = state\n"
            "        v = v - 9.81 * 0.01\n"
            "        y = y + 0.01 * v\n"
            "        return (y, v), y\n"
            "    return lax.scan(step, (height, velocity), length=n_steps)[1]",
            FAIL,
        ),
        (
            "lax.cond in the step, and abs for the reflection",
            "def bounce(height, velocity, restitution, n_steps):\n"
            "    def step(state, _):\n"
            "        y, v = state\n"
            "        v = v - 0.0981\n"
            "        y = y + 0.01 * v\n"
            "        y, v = lax.cond(y < 0, lambda: (jnp.abs(y), -restitution * v), lambda: (y, v))\n"
            "        return (y, v), y\n"
            "    _, ys = lax.scan(step, (jnp.float32(height), jnp.float32(velocity)), None, n_steps)\n"
            "    return ys",
            PASS,
        ),
        (
            "a Python if inside the scan step",
            "def bounce(height, velocity, restitution, n_steps):\n"
            "    def step(state, _):\n"
            "        y, v = state\n"
            "        v = v - 9.81 * 0.01\n"
            "        y = y + 0.01 * v\n"
            "        if y < 0:\n"
            "            y, v = -y, -restitution * v\n"
            "        return (y, v), y\n"
            "    return lax.scan(step, (height, velocity), length=n_steps)[1]",
            FAIL,
        ),
        (
            "fori_loop writing the heights",
            "def bounce(height, velocity, restitution, n_steps):\n"
            "    def body(i, state):\n"
            "        y, v, out = state\n"
            "        v = v - 9.81 * 0.01\n"
            "        y = y + 0.01 * v\n"
            "        v = jnp.where(y < 0, -restitution * v, v)\n"
            "        y = jnp.where(y < 0, -y, y)\n"
            "        return y, v, out.at[i].set(y)\n"
            "    init = (jnp.float32(height), jnp.float32(velocity), jnp.zeros(n_steps))\n"
            "    return lax.fori_loop(0, n_steps, body, init)[2]",
            PASS,
        ),
        (
            "bounces without losing speed (restitution ignored)",
            "def bounce(height, velocity, restitution, n_steps):\n"
            "    def step(state, _):\n"
            "        y, v = state\n"
            "        v = v - 9.81 * 0.01\n"
            "        y = y + 0.01 * v\n"
            "        below = y < 0\n"
            "        return (jnp.where(below, -y, y), jnp.where(below, -v, v)), jnp.where(below, -y, y)\n"
            "    return lax.scan(step, (height, velocity), length=n_steps)[1]",
            FAIL,
        ),
        (
            "outputs the height before each step",
            "def bounce(height, velocity, restitution, n_steps):\n"
            "    def step(state, _):\n"
            "        y0, v = state\n"
            "        v = v - 9.81 * 0.01\n"
            "        y = y0 + 0.01 * v\n"
            "        below = y < 0\n"
            "        return (jnp.where(below, -y, y), jnp.where(below, -restitution * v, v)), y0\n"
            "    return jnp.asarray(lax.scan(step, (height, velocity), length=n_steps)[1], jnp.float32)",
            FAIL,
        ),
        (
            "a Python loop with jnp.where (unrolled)",
            "def bounce(height, velocity, restitution, n_steps):\n"
            "    y, v, out = height, velocity, []\n"
            "    for _ in range(n_steps):\n"
            "        v = v - 9.81 * 0.01\n"
            "        y = y + 0.01 * v\n"
            "        v = jnp.where(y < 0, -restitution * v, v)\n"
            "        y = jnp.where(y < 0, -y, y)\n"
            "        out.append(y)\n"
            "    return jnp.stack(out).astype(jnp.float32)",
            FAIL,
        ),
    ],
}
