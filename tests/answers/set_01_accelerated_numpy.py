"""Set 01: for every question, the three most likely wrong answers and some other right ones."""

PASS, FAIL = True, False

ANSWERS = {
    "q1-stable-logsumexp-answer": [
        (
            "the library function the statement rules out",
            "def logsumexp(x):\n    return jax.nn.logsumexp(x)",
            FAIL,
        ),
        (
            "max held constant with stop_gradient",
            "def logsumexp(x):\n    m = jax.lax.stop_gradient(x.max())\n"
            "    return m + jnp.log(jnp.exp(x - m).sum())",
            PASS,
        ),
        (
            "naive formula overflows",
            "def logsumexp(x):\n    return jnp.log(jnp.sum(jnp.exp(x)))",
            FAIL,
        ),
        (
            "forgets to add the max back",
            "def logsumexp(x):\n    c = jnp.max(x)\n    return jnp.log(jnp.sum(jnp.exp(x - c)))",
            FAIL,
        ),
        (
            "shifts by the mean",
            "def logsumexp(x):\n    c = jnp.mean(x)\n    return c + jnp.log(jnp.sum(jnp.exp(x - c)))",
            FAIL,
        ),
        (
            "shifts by the largest magnitude",
            "def logsumexp(x):\n    c = jnp.max(jnp.abs(x))\n    return c + jnp.log(jnp.sum(jnp.exp(x - c)))",
            FAIL,
        ),
    ],
    "q2-scatter-add-counts-answer": [
        (
            "bincount with a length",
            "def class_counts(labels, num_classes):\n"
            "    return jnp.bincount(labels, length=num_classes).astype(jnp.int32)",
            PASS,
        ),
        (
            "one-hot sum",
            "def class_counts(labels, num_classes):\n"
            "    return jnp.sum(labels[:, None] == jnp.arange(num_classes), axis=0, dtype=jnp.int32)",
            PASS,
        ),
        (
            "set instead of add",
            "def class_counts(labels, num_classes):\n"
            "    return jnp.zeros(num_classes, dtype=jnp.int32).at[labels].set(1)",
            FAIL,
        ),
        (
            "read-modify-write loses repeats",
            "def class_counts(labels, num_classes):\n"
            "    c = jnp.zeros(num_classes, dtype=jnp.int32)\n    return c.at[labels].set(c[labels] + 1)",
            FAIL,
        ),
        (
            "counts in the labels' dtype: an int8 count overflows at 128",
            "def class_counts(labels, num_classes):\n"
            "    return jnp.zeros(num_classes, dtype=labels.dtype).at[labels].add(1)",
            FAIL,
        ),
        (
            "float counts",
            "def class_counts(labels, num_classes):\n    return jnp.zeros(num_classes).at[labels].add(1)",
            FAIL,
        ),
        (
            "bincount without a length",
            "def class_counts(labels, num_classes):\n    return jnp.bincount(labels)",
            FAIL,
        ),
    ],
    "q3-random-walk-keys-answer": [
        (
            "all steps in one draw",
            "def random_walk(key, n_steps, scale=1.0):\n"
            "    steps = scale * jax.random.normal(key, (n_steps,))\n"
            "    return jnp.concatenate([jnp.zeros(1), jnp.cumsum(steps)])",
            PASS,
        ),
        (
            "a Python loop that splits the key each step",
            "def random_walk(key, n_steps, scale=1.0):\n"
            "    positions = [jnp.float32(0.0)]\n"
            "    for _ in range(n_steps):\n"
            "        key, sub = jax.random.split(key)\n"
            "        positions.append(positions[-1] + scale * jax.random.normal(sub))\n"
            "    return jnp.stack(positions)",
            PASS,
        ),
        (
            "one key reused for every step",
            "def random_walk(key, n_steps, scale=1.0):\n"
            "    step = scale * jax.random.normal(key)\n"
            "    return jnp.concatenate([jnp.zeros(1), jnp.cumsum(jnp.full(n_steps, step))])",
            FAIL,
        ),
        (
            "ignores the key it is given",
            "def random_walk(key, n_steps, scale=1.0):\n"
            "    steps = scale * jax.random.normal(jax.random.key(0), (n_steps,))\n"
            "    return jnp.concatenate([jnp.zeros(1), jnp.cumsum(steps)])",
            FAIL,
        ),
        (
            "forgets the starting position",
            "def random_walk(key, n_steps, scale=1.0):\n"
            "    return jnp.cumsum(scale * jax.random.normal(key, (n_steps,)))",
            FAIL,
        ),
        (
            "forgets the scale",
            "def random_walk(key, n_steps, scale=1.0):\n"
            "    steps = jax.random.normal(key, (n_steps,))\n"
            "    return jnp.concatenate([jnp.zeros(1), jnp.cumsum(steps)])",
            FAIL,
        ),
        (
            "uniform steps with the right mean and variance",
            "def random_walk(key, n_steps, scale=1.0):\n"
            "    r = 3.0**0.5\n"
            "    steps = scale * jax.random.uniform(key, (n_steps,), minval=-r, maxval=r)\n"
            "    return jnp.concatenate([jnp.zeros(1), jnp.cumsum(steps)])",
            FAIL,
        ),
    ],
    "q4-pairwise-sq-dists-answer": [
        (
            "expanded norms and a matmul",
            "def pairwise_sq_dists(a, b):\n"
            "    return (a**2).sum(1)[:, None] + (b**2).sum(1)[None, :] - 2 * a @ b.T",
            PASS,
        ),
        (
            "nested vmap",
            "def pairwise_sq_dists(a, b):\n"
            "    one = lambda u, v: jnp.sum((u - v) ** 2)\n"
            "    return jax.vmap(lambda u: jax.vmap(lambda v: one(u, v))(b))(a)",
            PASS,
        ),
        (
            "square root taken",
            "def pairwise_sq_dists(a, b):\n"
            "    return jnp.sqrt(jnp.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=-1))",
            FAIL,
        ),
        (
            "transposed result",
            "def pairwise_sq_dists(a, b):\n    return jnp.sum((b[:, None, :] - a[None, :, :]) ** 2, axis=-1)",
            FAIL,
        ),
        (
            "summed over the wrong axis",
            "def pairwise_sq_dists(a, b):\n    return jnp.sum((a[:, None, :] - b[None, :, :]) ** 2, axis=0)",
            FAIL,
        ),
    ],
    "q5-moving-average-answer": [
        (
            "convolution",
            "def moving_average(x, window):\n"
            "    return jnp.convolve(x, jnp.ones(window) / window, mode='valid')",
            PASS,
        ),
        (
            "cumsum without the leading zero",
            "def moving_average(x, window):\n"
            "    c = jnp.cumsum(x)\n    return (c[window:] - c[:-window]) / window",
            FAIL,
        ),
        (
            "a Python loop over the positions",
            "def moving_average(x, window):\n"
            "    n = x.shape[0] - window + 1\n"
            "    return jnp.stack([jnp.mean(x[i : i + window]) for i in range(n)])",
            FAIL,
        ),
        (
            "same-size convolution",
            "def moving_average(x, window):\n"
            "    return jnp.convolve(x, jnp.ones(window) / window, mode='same')",
            FAIL,
        ),
        (
            "divides by the length of x",
            "def moving_average(x, window):\n"
            "    c = jnp.concatenate([jnp.zeros(1), jnp.cumsum(x)])\n"
            "    return (c[window:] - c[:-window]) / x.shape[0]",
            FAIL,
        ),
    ],
}
