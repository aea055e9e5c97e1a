"""Set 07: for every question, the broken function it starts from, the next most likely wrong
fixes, and some other right ones. The broken function comes first: the visible tests must catch
it with a helpful message."""

PASS, FAIL = True, False

ANSWERS = {
    "q1-heat-step-answer": [
        (
            "the broken original: .at[] results never assigned",
            "def heat_step(u, alpha):\n"
            "    new = u\n"
            "    new.at[1:-1].set(u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2]))\n"
            "    new.at[0].set(0.0)\n"
            "    new.at[-1].set(0.0)\n"
            "    return new",
            FAIL,
        ),
        (
            "concatenated with float32 zeros: a bfloat16 rod comes back float32",
            "def heat_step(u, alpha):\n"
            "    inner = u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2])\n"
            "    return jnp.concatenate([jnp.zeros(1), inner, jnp.zeros(1)])",
            FAIL,
        ),
        (
            "padded with zeros",
            "def heat_step(u, alpha):\n"
            "    return jnp.pad(u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2]), 1)",
            PASS,
        ),
        (
            "a padded Laplacian added to the interior",
            "def heat_step(u, alpha):\n"
            "    lap = jnp.zeros_like(u).at[1:-1].set(u[2:] - 2 * u[1:-1] + u[:-2])\n"
            "    return jnp.where(jnp.arange(u.size) % (u.size - 1) == 0, 0.0, u + alpha * lap)",
            PASS,
        ),
        (
            "point by point, reading values already updated",
            "def heat_step(u, alpha):\n"
            "    for i in range(1, u.size - 1):\n"
            "        u = u.at[i].set(u[i] + alpha * (u[i + 1] - 2 * u[i] + u[i - 1]))\n"
            "    return u.at[0].set(0.0).at[-1].set(0.0)",
            FAIL,
        ),
        (
            "interior assigned, the boundary updates still dropped",
            "def heat_step(u, alpha):\n"
            "    new = u.at[1:-1].set(u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2]))\n"
            "    new.at[0].set(0.0)\n"
            "    new.at[-1].set(0.0)\n"
            "    return new",
            FAIL,
        ),
        (
            "concatenate the pieces",
            "def heat_step(u, alpha):\n"
            "    inner = u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2])\n"
            "    zero = jnp.zeros(1, u.dtype)\n"
            "    return jnp.concatenate([zero, inner, zero])",
            PASS,
        ),
        (
            "boundaries zeroed first, then the interior computed from the zeroed array",
            "def heat_step(u, alpha):\n"
            "    u = u.at[0].set(0.0).at[-1].set(0.0)\n"
            "    return u.at[1:-1].set(u[1:-1] + alpha * (u[2:] - 2 * u[1:-1] + u[:-2]))",
            FAIL,
        ),
    ],
    "q2-periodic-laplacian-answer": [
        (
            "the broken original: i + 1 clamps at the last row and column",
            "def laplacian_periodic(u):\n"
            "    m, n = u.shape\n"
            "    i = jnp.arange(m)[:, None]\n"
            "    j = jnp.arange(n)[None, :]\n"
            "    return u[i + 1, j] + u[i - 1, j] + u[i, j + 1] + u[i, j - 1] - 4 * u",
            FAIL,
        ),
        (
            "modulo indices",
            "def laplacian_periodic(u):\n"
            "    m, n = u.shape\n"
            "    i = jnp.arange(m)[:, None]\n"
            "    j = jnp.arange(n)[None, :]\n"
            "    return (u[(i + 1) % m, j] + u[(i - 1) % m, j] + u[i, (j + 1) % n]\n"
            "            + u[i, (j - 1) % n] - 4 * u)",
            PASS,
        ),
        (
            "jnp.roll without an axis: rolls the flattened array",
            "def laplacian_periodic(u):\n"
            "    return jnp.roll(u, 1) + jnp.roll(u, -1) + jnp.roll(u, u.shape[1])"
            " + jnp.roll(u, -u.shape[1]) - 4 * u",
            FAIL,
        ),
        (
            "zero padding: a fixed boundary instead of a periodic one",
            "def laplacian_periodic(u):\n"
            "    p = jnp.pad(u, 1)\n"
            "    return p[2:, 1:-1] + p[:-2, 1:-1] + p[1:-1, 2:] + p[1:-1, :-2] - 4 * u",
            FAIL,
        ),
        (
            "wrap padding",
            "def laplacian_periodic(u):\n"
            "    p = jnp.pad(u, 1, mode='wrap')\n"
            "    return p[2:, 1:-1] + p[:-2, 1:-1] + p[1:-1, 2:] + p[1:-1, :-2] - 4 * u",
            PASS,
        ),
        (
            "edge padding: a reflecting boundary instead of a periodic one",
            "def laplacian_periodic(u):\n"
            "    p = jnp.pad(u, 1, mode='edge')\n"
            "    return p[2:, 1:-1] + p[:-2, 1:-1] + p[1:-1, 2:] + p[1:-1, :-2] - 4 * u",
            FAIL,
        ),
    ],
    "q3-masked-softmax-answer": [
        (
            "-inf for the padding, then jax.nn.softmax: a row that keeps nothing is NaN",
            "def masked_softmax(logits, mask):\n"
            "    return jax.nn.softmax(jnp.where(mask, logits, -jnp.inf))",
            FAIL,
        ),
        (
            "jax.nn.softmax with where=, and zeros written over the padding",
            "def masked_softmax(logits, mask):\n"
            "    return jnp.where(mask, jax.nn.softmax(logits, where=mask), 0.0)",
            PASS,
        ),
        (
            "the softmax of every entry, then the padding zeroed: the kept ones sum to less than 1",
            "def masked_softmax(logits, mask):\n"
            "    return jnp.where(mask, jax.nn.softmax(logits), 0.0)",
            FAIL,
        ),
        (
            "-1e9 for the padding: a row that keeps nothing comes out uniform",
            "def masked_softmax(logits, mask):\n"
            "    return jax.nn.softmax(jnp.where(mask, logits, -1e9))",
            FAIL,
        ),
        (
            "no shift before exp: exp(1000) overflows",
            "def masked_softmax(logits, mask):\n"
            "    e = jnp.where(mask, jnp.exp(logits), 0.0)\n"
            "    return e / jnp.maximum(e.sum(), 1e-30)",
            FAIL,
        ),
        (
            "the shift by the largest of all logits, padding included",
            "def masked_softmax(logits, mask):\n"
            "    e = jnp.where(mask, jnp.exp(logits - logits.max()), 0.0)\n"
            "    total = e.sum()\n"
            "    return e / jnp.where(total > 0, total, 1.0)",
            FAIL,
        ),
        (
            "the value repaired by jnp.where, the gradient not: NaN for an empty row",
            "def masked_softmax(logits, mask):\n"
            "    e = jnp.where(mask, jnp.exp(logits - jnp.max(jnp.where(mask, logits, -1e30))), 0.0)\n"
            "    return jnp.where(mask, e / e.sum(), 0.0)",
            FAIL,
        ),
        (
            "-inf softmax, then zeros for an empty row",
            "def masked_softmax(logits, mask):\n"
            "    out = jax.nn.softmax(jnp.where(mask, logits, -jnp.inf))\n"
            "    return jnp.where(mask.any(), out, 0.0)",
            PASS,
        ),
    ],
    "q4-keep-best-answer": [
        (
            "the broken original: the best kept in Python variables, assigned inside fori_loop",
            "def descend_keep_best(f, x0, lr, n_steps):\n"
            "    best_x, best_f = x0, f(x0)\n"
            "    def step(i, x):\n"
            "        nonlocal best_x, best_f\n"
            "        value, g = jax.value_and_grad(f)(x)\n"
            "        better = value < best_f\n"
            "        best_x = jnp.where(better, x, best_x)\n"
            "        best_f = jnp.where(better, value, best_f)\n"
            "        return x - lr * g\n"
            "    x = lax.fori_loop(0, n_steps, step, x0)\n"
            "    return x, best_x, best_f",
            FAIL,
        ),
        (
            "scan over the steps, then argmin over every visited point",
            "def descend_keep_best(f, x0, lr, n_steps):\n"
            "    def step(x, _):\n"
            "        return x - lr * jax.grad(f)(x), x\n"
            "    x, visited = lax.scan(step, x0, None, length=n_steps)\n"
            "    points = jnp.concatenate([visited, x[None]])\n"
            "    values = jax.vmap(f)(points)\n"
            "    best = jnp.argmin(values)\n"
            "    return x, points[best], values[best]",
            PASS,
        ),
        (
            "the best carried, but the final point never compared",
            "def descend_keep_best(f, x0, lr, n_steps):\n"
            "    def step(i, carry):\n"
            "        x, best_x, best_f = carry\n"
            "        value, g = jax.value_and_grad(f)(x)\n"
            "        better = value < best_f\n"
            "        return x - lr * g, jnp.where(better, x, best_x), jnp.where(better, value, best_f)\n"
            "    return lax.fori_loop(0, n_steps, step, (x0, x0, jnp.asarray(jnp.inf, x0.dtype)))",
            FAIL,
        ),
        (
            "the final point returned as the best",
            "def descend_keep_best(f, x0, lr, n_steps):\n"
            "    x = lax.fori_loop(0, n_steps, lambda i, x: x - lr * jax.grad(f)(x), x0)\n"
            "    return x, x, f(x)",
            FAIL,
        ),
        (
            "a Python if on the traced value",
            "def descend_keep_best(f, x0, lr, n_steps):\n"
            "    def step(i, carry):\n"
            "        x, best_x, best_f = carry\n"
            "        value, g = jax.value_and_grad(f)(x)\n"
            "        if value < best_f:\n"
            "            best_x, best_f = x, value\n"
            "        return x - lr * g, best_x, best_f\n"
            "    x, best_x, best_f = lax.fori_loop(0, n_steps, step, (x0, x0, f(x0)))\n"
            "    return x, best_x, best_f",
            FAIL,
        ),
        (
            "the best value tracked with jnp.minimum, the point not",
            "def descend_keep_best(f, x0, lr, n_steps):\n"
            "    def step(i, carry):\n"
            "        x, best_f = carry\n"
            "        x = x - lr * jax.grad(f)(x)\n"
            "        return x, jnp.minimum(best_f, f(x))\n"
            "    x, best_f = lax.fori_loop(0, n_steps, step, (x0, f(x0)))\n"
            "    return x, x, best_f",
            FAIL,
        ),
        (
            "a Python for loop with jnp.where, starting from f(x0)",
            "def descend_keep_best(f, x0, lr, n_steps):\n"
            "    x, best_x, best_f = x0, x0, f(x0)\n"
            "    for _ in range(n_steps):\n"
            "        x = x - lr * jax.grad(f)(x)\n"
            "        value = f(x)\n"
            "        best_x = jnp.where(value < best_f, x, best_x)\n"
            "        best_f = jnp.minimum(value, best_f)\n"
            "    return x, best_x, best_f",
            PASS,
        ),
    ],
    "q5-independent-layers-answer": [
        (
            "the broken original: one key for every layer",
            "def init_weights(key, sizes):\n"
            "    weights = []\n"
            "    for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
            "        weights.append(jax.random.normal(key, (n_in, n_out)) / jnp.sqrt(n_in))\n"
            "    return weights",
            FAIL,
        ),
        (
            "split in the loop, keep going with the new key",
            "def init_weights(key, sizes):\n"
            "    weights = []\n"
            "    for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
            "        key, sub = jax.random.split(key)\n"
            "        weights.append(jax.random.normal(sub, (n_in, n_out)) / jnp.sqrt(n_in))\n"
            "    return weights",
            PASS,
        ),
        (
            "splits in the loop but never keeps the new key",
            "def init_weights(key, sizes):\n"
            "    weights = []\n"
            "    for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
            "        _, sub = jax.random.split(key)\n"
            "        weights.append(jax.random.normal(sub, (n_in, n_out)) / jnp.sqrt(n_in))\n"
            "    return weights",
            FAIL,
        ),
        (
            "draws with the key it then splits (independent-looking, but a reuse)",
            "def init_weights(key, sizes):\n"
            "    weights = []\n"
            "    for n_in, n_out in zip(sizes[:-1], sizes[1:]):\n"
            "        weights.append(jax.random.normal(key, (n_in, n_out)) / jnp.sqrt(n_in))\n"
            "        key, _ = jax.random.split(key)\n"
            "    return weights",
            FAIL,
        ),
        (
            "fold_in the layer number",
            "def init_weights(key, sizes):\n"
            "    return [jax.random.normal(jax.random.fold_in(key, i), (a, b)) / jnp.sqrt(a)\n"
            "            for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]",
            PASS,
        ),
        (
            "a new key from the layer number, ignoring the key given",
            "def init_weights(key, sizes):\n"
            "    return [jax.random.normal(jax.random.key(i), (a, b)) / jnp.sqrt(a)\n"
            "            for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]))]",
            FAIL,
        ),
    ],
    "q6-stable-bce-answer": [
        (
            "the broken original: log of sigmoid",
            "def bce_with_logits(z, y):\n"
            "    p = 1.0 / (1.0 + jnp.exp(-z))\n"
            "    return -jnp.mean(y * jnp.log(p) + (1.0 - y) * jnp.log(1.0 - p))",
            FAIL,
        ),
        (
            "log_sigmoid on both sides",
            "def bce_with_logits(z, y):\n"
            "    return -jnp.mean(y * jax.nn.log_sigmoid(z) + (1 - y) * jax.nn.log_sigmoid(-z))",
            PASS,
        ),
        (
            "clipped probabilities",
            "def bce_with_logits(z, y):\n"
            "    p = jnp.clip(jax.nn.sigmoid(z), 1e-7, 1 - 1e-7)\n"
            "    return -jnp.mean(y * jnp.log(p) + (1.0 - y) * jnp.log(1.0 - p))",
            FAIL,
        ),
        (
            "softplus written as log1p(exp(z)): overflows",
            "def bce_with_logits(z, y):\n    return jnp.mean(jnp.log1p(jnp.exp(z)) - y * z)",
            FAIL,
        ),
        (
            "the max(z, 0) form",
            "def bce_with_logits(z, y):\n"
            "    return jnp.mean(jnp.maximum(z, 0) - y * z + jnp.log1p(jnp.exp(-jnp.abs(z))))",
            PASS,
        ),
        (
            "one branch per label with jnp.where",
            "def bce_with_logits(z, y):\n"
            "    p = jax.nn.sigmoid(z)\n"
            "    return jnp.mean(jnp.where(y > 0.5, -jnp.log(p), -jnp.log(1.0 - p)))",
            FAIL,
        ),
    ],
    "q7-stable-variance-answer": [
        (
            "the broken original: E[x^2] - E[x]^2",
            "def variance(x):\n    return jnp.mean(x**2) - jnp.mean(x) ** 2",
            FAIL,
        ),
        ("jnp.var", "def variance(x):\n    return jnp.var(x)", PASS),
        (
            "the textbook's sum form",
            "def variance(x):\n"
            "    n = x.size\n"
            "    return (jnp.sum(x * x) - jnp.sum(x) ** 2 / n) / n",
            FAIL,
        ),
        (
            "a float64 cast, without x64 mode (stays float32)",
            "def variance(x):\n"
            "    import warnings\n"
            "    with warnings.catch_warnings():\n"
            "        warnings.simplefilter('ignore')\n"
            "        x64 = x.astype(jnp.float64)\n"
            "    return (jnp.mean(x64**2) - jnp.mean(x64) ** 2).astype(jnp.float32)",
            FAIL,
        ),
        (
            "shifted by one data point",
            "def variance(x):\n"
            "    d = x - jnp.ravel(x)[0]\n"
            "    return jnp.mean(d**2) - jnp.mean(d) ** 2",
            PASS,
        ),
        (
            "sample variance (divides by n - 1)",
            "def variance(x):\n    return jnp.var(x, ddof=1)",
            FAIL,
        ),
    ],
}
