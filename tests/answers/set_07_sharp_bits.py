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
    "q3-mean-of-positives-answer": [
        (
            "the broken original: a boolean mask under jit",
            "def mean_of_positives(x):\n    return x[x > 0].mean()",
            FAIL,
        ),
        (
            "jnp.where on the result, and a safe count",
            "def mean_of_positives(x):\n"
            "    count = jnp.sum(x > 0)\n"
            "    total = jnp.sum(jnp.maximum(x, 0.0))\n"
            "    return jnp.where(count > 0, total / jnp.maximum(count, 1), 0.0).astype(x.dtype)",
            PASS,
        ),
        (
            "the mean of jnp.where: divides by every entry",
            "def mean_of_positives(x):\n    return jnp.mean(jnp.where(x > 0, x, 0.0))",
            FAIL,
        ),
        (
            "sum over count: 0 / 0 is NaN when none is positive",
            "def mean_of_positives(x):\n"
            "    return jnp.sum(jnp.where(x > 0, x, 0.0)) / jnp.sum(x > 0)",
            FAIL,
        ),
        (
            "jnp.mean with where=: NaN when none is positive",
            "def mean_of_positives(x):\n    return jnp.mean(x, where=x > 0)",
            FAIL,
        ),
        (
            "weights from the mask",
            "def mean_of_positives(x):\n"
            "    w = (x > 0).astype(x.dtype)\n"
            "    return jnp.sum(w * x) / jnp.maximum(jnp.sum(w), 1.0)",
            PASS,
        ),
    ],
    "q4-loss-history-answer": [
        (
            "the broken original: a list appended to inside fori_loop",
            "def fit_line(x, y, lr, n_steps):\n"
            "    history = []\n"
            "    def loss_fn(w):\n"
            "        return jnp.mean((w[0] * x + w[1] - y) ** 2)\n"
            "    def step(i, w):\n"
            "        loss, g = jax.value_and_grad(loss_fn)(w)\n"
            "        history.append(loss)\n"
            "        return w - lr * g\n"
            "    w = lax.fori_loop(0, n_steps, step, jnp.zeros(2))\n"
            "    return w, jnp.stack(history)",
            FAIL,
        ),
        (
            "a Python for loop",
            "def fit_line(x, y, lr, n_steps):\n"
            "    def loss_fn(w):\n"
            "        return jnp.mean((w[0] * x + w[1] - y) ** 2)\n"
            "    w, history = jnp.zeros(2), []\n"
            "    for _ in range(n_steps):\n"
            "        loss, g = jax.value_and_grad(loss_fn)(w)\n"
            "        history.append(loss)\n"
            "        w = w - lr * g\n"
            "    return w, jnp.stack(history)",
            PASS,
        ),
        (
            "float(loss) to keep a plain number",
            "def fit_line(x, y, lr, n_steps):\n"
            "    history = []\n"
            "    def loss_fn(w):\n"
            "        return jnp.mean((w[0] * x + w[1] - y) ** 2)\n"
            "    def step(i, w):\n"
            "        loss, g = jax.value_and_grad(loss_fn)(w)\n"
            "        history.append(float(loss))\n"
            "        return w - lr * g\n"
            "    w = lax.fori_loop(0, n_steps, step, jnp.zeros(2))\n"
            "    return w, jnp.array(history)",
            FAIL,
        ),
        (
            "scan, recording the loss after the update",
            "def fit_line(x, y, lr, n_steps):\n"
            "    def loss_fn(w):\n"
            "        return jnp.mean((w[0] * x + w[1] - y) ** 2)\n"
            "    def step(w, _):\n"
            "        w = w - lr * jax.grad(loss_fn)(w)\n"
            "        return w, loss_fn(w)\n"
            "    return lax.scan(step, jnp.zeros(2), None, length=n_steps)",
            FAIL,
        ),
        (
            "fori_loop carrying a preallocated loss array",
            "def fit_line(x, y, lr, n_steps):\n"
            "    def loss_fn(w):\n"
            "        return jnp.mean((w[0] * x + w[1] - y) ** 2)\n"
            "    def step(i, carry):\n"
            "        w, losses = carry\n"
            "        loss, g = jax.value_and_grad(loss_fn)(w)\n"
            "        return w - lr * g, losses.at[i].set(loss)\n"
            "    return lax.fori_loop(0, n_steps, step, (jnp.zeros(2), jnp.zeros(n_steps)))",
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
