"""Set 12: for every question, the most likely wrong answers and some other right ones. The first
wrong answer of each question is the one the visible tests must catch with a helpful message."""

PASS, FAIL = True, False


def _flow(drift):
    """Q5 solved as the statement asks (Tsit5, PID, backwards), with the given drift."""
    return (
        "def probability_flow(score, x_start, t_start, t_end):\n"
        "    def drift(t, x, args):\n"
        f"        return {drift}\n\n"
        "    sol = diffrax.diffeqsolve(\n"
        "        diffrax.ODETerm(drift), diffrax.Tsit5(), t_start, t_end, -0.01, x_start,\n"
        "        stepsize_controller=diffrax.PIDController(rtol=1e-5, atol=1e-5),\n"
        "    )\n"
        "    return sol.ys[-1], sol.stats['num_steps']"
    )


ANSWERS = {
    "q1-geometric-marginal-answer": [
        (
            "the variance returned as sigma",
            "def geometric_marginal(t):\n"
            "    log_ratio = np.log(BETA_1 / BETA_0)\n"
            "    b = BETA_0 * jnp.expm1(t * log_ratio) / log_ratio\n"
            "    return jnp.exp(-0.5 * b), -jnp.expm1(-b)",
            FAIL,
        ),
        (
            "sigma as alpha * sqrt(e^B - 1), jnp.log",
            "def geometric_marginal(t):\n"
            "    log_ratio = jnp.log(BETA_1 / BETA_0)\n"
            "    b = BETA_0 / log_ratio * jnp.expm1(log_ratio * t)\n"
            "    alpha = jnp.exp(-b / 2)\n"
            "    return alpha, alpha * jnp.sqrt(jnp.expm1(b))",
            PASS,
        ),
        (
            "the half left out of alpha",
            "def geometric_marginal(t):\n"
            "    log_ratio = np.log(BETA_1 / BETA_0)\n"
            "    b = BETA_0 * jnp.expm1(t * log_ratio) / log_ratio\n"
            "    return jnp.exp(-b), jnp.sqrt(-jnp.expm1(-b))",
            FAIL,
        ),
        (
            "math.log, the rate written as beta(t) - BETA_0",
            "import math\n\n\n"
            "def geometric_marginal(t):\n"
            "    log_ratio = math.log(BETA_1 / BETA_0)\n"
            "    b = BETA_0 * jnp.expm1(log_ratio * t) / log_ratio  # (beta(t) - beta(0)) / log r\n"
            "    return jnp.exp(-0.5 * b), jnp.sqrt(-jnp.expm1(-b))",
            PASS,
        ),
        (
            "the rate times the time instead of its integral",
            "def geometric_marginal(t):\n"
            "    b = BETA_0 * (BETA_1 / BETA_0) ** t * t\n"
            "    return jnp.exp(-0.5 * b), jnp.sqrt(-jnp.expm1(-b))",
            FAIL,
        ),
        (
            "the lesson's linear schedule",
            "def geometric_marginal(t):\n    return marginal(t)",
            FAIL,
        ),
        (
            "r**t - 1 and 1 - exp(-B): digits lost at small t",
            "def geometric_marginal(t):\n"
            "    log_ratio = np.log(BETA_1 / BETA_0)\n"
            "    b = BETA_0 * ((BETA_1 / BETA_0) ** t - 1.0) / log_ratio\n"
            "    return jnp.exp(-0.5 * b), jnp.sqrt(1.0 - jnp.exp(-b))",
            FAIL,
        ),
        (
            "expm1 for B, but 1 - exp(-B) for the variance",
            "def geometric_marginal(t):\n"
            "    log_ratio = np.log(BETA_1 / BETA_0)\n"
            "    b = BETA_0 * jnp.expm1(t * log_ratio) / log_ratio\n"
            "    alpha = jnp.exp(-0.5 * b)\n"
            "    return alpha, jnp.sqrt(1.0 - alpha**2)",
            FAIL,
        ),
    ],
    "q2-mixture-score-answer": [
        (
            "the two components' scores averaged with equal weights",
            "def mixture_score(t, x):\n"
            "    alpha, sigma = marginal(t)\n"
            "    c = alpha**2 * MIX_VAR + sigma**2\n"
            "    plus = -(x - alpha * MIX_MEAN) / c\n"
            "    minus = -(x + alpha * MIX_MEAN) / c\n"
            "    return 0.5 * (plus + minus)",
            FAIL,
        ),
        (
            "the symmetric mixture's tanh form",
            "def mixture_score(t, x):\n"
            "    alpha, sigma = marginal(t)\n"
            "    c = alpha**2 * MIX_VAR + sigma**2\n"
            "    pull = jnp.tanh(alpha * jnp.dot(MIX_MEAN, x) / c)\n"
            "    return -(x - alpha * MIX_MEAN * pull) / c",
            PASS,
        ),
        (
            "the centres not scaled by alpha",
            "def mixture_score(t, x):\n"
            "    alpha, sigma = marginal(t)\n"
            "    c = alpha**2 * MIX_VAR + sigma**2\n"
            "    centres = jnp.stack([MIX_MEAN, -MIX_MEAN])\n"
            "    w = jax.nn.softmax(-jnp.sum((x - centres) ** 2, axis=-1) / (2 * c))\n"
            "    return -(x - w @ centres) / c",
            FAIL,
        ),
        (
            "jax.grad of the log-density, with logsumexp",
            "def mixture_score(t, x):\n"
            "    alpha, sigma = marginal(t)\n"
            "    c = alpha**2 * MIX_VAR + sigma**2\n\n"
            "    def log_density(y):\n"
            "        d2 = jnp.stack([jnp.sum((y - alpha * MIX_MEAN) ** 2), "
            "jnp.sum((y + alpha * MIX_MEAN) ** 2)])\n"
            "        return jax.scipy.special.logsumexp(-d2 / (2 * c))\n\n"
            "    return jax.grad(log_density)(x)",
            PASS,
        ),
        (
            "the data variance not shrunk by alpha^2",
            "def mixture_score(t, x):\n"
            "    alpha, sigma = marginal(t)\n"
            "    c = MIX_VAR + sigma**2\n"
            "    centres = alpha * jnp.stack([MIX_MEAN, -MIX_MEAN])\n"
            "    w = jax.nn.softmax(-jnp.sum((x - centres) ** 2, axis=-1) / (2 * c))\n"
            "    return -(x - w @ centres) / c",
            FAIL,
        ),
        (
            "densities formed with exp: 0 / 0 far from the clusters",
            "def mixture_score(t, x):\n"
            "    alpha, sigma = marginal(t)\n"
            "    c = alpha**2 * MIX_VAR + sigma**2\n"
            "    centres = alpha * jnp.stack([MIX_MEAN, -MIX_MEAN])\n"
            "    p = jnp.exp(-jnp.sum((x - centres) ** 2, axis=-1) / (2 * c))\n"
            "    w = p / jnp.sum(p)\n"
            "    return -(x - w @ centres) / c",
            FAIL,
        ),
        (
            "the sign of the score flipped",
            "def mixture_score(t, x):\n"
            "    alpha, sigma = marginal(t)\n"
            "    c = alpha**2 * MIX_VAR + sigma**2\n"
            "    centres = alpha * jnp.stack([MIX_MEAN, -MIX_MEAN])\n"
            "    w = jax.nn.softmax(-jnp.sum((x - centres) ** 2, axis=-1) / (2 * c))\n"
            "    return (x - w @ centres) / c",
            FAIL,
        ),
    ],
    "q3-weighted-dsm-loss-answer": [
        (
            "the target's sign flipped: +noise / sigma",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    alpha, sigma = marginal(t)\n"
            "    xt = alpha[:, None] * x0 + sigma[:, None] * noise\n"
            "    residual = jax.vmap(score_model)(t, xt) - noise / sigma[:, None]\n"
            "    return jnp.mean(weight(t) * jnp.sum(residual**2, axis=-1))",
            FAIL,
        ),
        (
            "the noise-prediction form, weight / sigma^2",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    alpha, sigma = marginal(t)\n"
            "    xt = alpha[:, None] * x0 + sigma[:, None] * noise\n"
            "    scaled = sigma[:, None] * jax.vmap(score_model)(t, xt) + noise\n"
            "    return jnp.mean(jax.vmap(weight)(t) / sigma**2 * jnp.sum(scaled**2, axis=-1))",
            PASS,
        ),
        (
            "the target -noise / sigma^2",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    alpha, sigma = marginal(t)\n"
            "    xt = alpha[:, None] * x0 + sigma[:, None] * noise\n"
            "    residual = jax.vmap(score_model)(t, xt) + noise / sigma[:, None] ** 2\n"
            "    return jnp.mean(weight(t) * jnp.sum(residual**2, axis=-1))",
            FAIL,
        ),
        (
            "the target from x_t and x0, one example at a time",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    def one(x0_i, t_i, noise_i):\n"
            "        alpha, sigma = marginal(t_i)\n"
            "        xt = alpha * x0_i + sigma * noise_i\n"
            "        target = -(xt - alpha * x0_i) / sigma**2\n"
            "        return weight(t_i) * jnp.sum((score_model(t_i, xt) - target) ** 2)\n\n"
            "    return jnp.mean(jax.vmap(one)(x0, t, noise))",
            PASS,
        ),
        (
            "the target -noise (sigma forgotten)",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    alpha, sigma = marginal(t)\n"
            "    xt = alpha[:, None] * x0 + sigma[:, None] * noise\n"
            "    residual = jax.vmap(score_model)(t, xt) + noise\n"
            "    return jnp.mean(weight(t) * jnp.sum(residual**2, axis=-1))",
            FAIL,
        ),
        (
            "the weight left out",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    alpha, sigma = marginal(t)\n"
            "    xt = alpha[:, None] * x0 + sigma[:, None] * noise\n"
            "    residual = jax.vmap(score_model)(t, xt) + noise / sigma[:, None]\n"
            "    return jnp.mean(jnp.sum(residual**2, axis=-1))",
            FAIL,
        ),
        (
            "the weight at the mean time",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    alpha, sigma = marginal(t)\n"
            "    xt = alpha[:, None] * x0 + sigma[:, None] * noise\n"
            "    residual = jax.vmap(score_model)(t, xt) + noise / sigma[:, None]\n"
            "    return weight(jnp.mean(t)) * jnp.mean(jnp.sum(residual**2, axis=-1))",
            FAIL,
        ),
        (
            "a mean over the coordinates instead of the sum",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    alpha, sigma = marginal(t)\n"
            "    xt = alpha[:, None] * x0 + sigma[:, None] * noise\n"
            "    residual = jax.vmap(score_model)(t, xt) + noise / sigma[:, None]\n"
            "    return jnp.mean(weight(t)[:, None] * residual**2)",
            FAIL,
        ),
    ],
    "q4-reverse-sde-step-answer": [
        (
            "a step forwards in time: + drift dt",
            "def reverse_sde_step(score, x, t, dt, z):\n"
            "    drift = -0.5 * beta(t) * x - beta(t) * score(t, x)\n"
            "    return x + drift * dt + jnp.sqrt(beta(t) * dt) * z",
            FAIL,
        ),
        (
            "written out: (1 + beta dt / 2) x + beta dt score",
            "def reverse_sde_step(score, x, t, dt, z):\n"
            "    b = beta(t)\n"
            "    return (1 + 0.5 * b * dt) * x + b * dt * score(t, x) + jnp.sqrt(b) * jnp.sqrt(dt) * z",
            PASS,
        ),
        (
            "the probability-flow ODE's half on the score, with noise",
            "def reverse_sde_step(score, x, t, dt, z):\n"
            "    drift = -0.5 * beta(t) * x - 0.5 * beta(t) * score(t, x)\n"
            "    return x - drift * dt + jnp.sqrt(beta(t) * dt) * z",
            FAIL,
        ),
        (
            "the diffusion g = sqrt(beta) spelled out",
            "def reverse_sde_step(score, x, t, dt, z):\n"
            "    g = jnp.sqrt(beta(t))\n"
            "    f = -0.5 * g**2 * x\n"
            "    return x - (f - g**2 * score(t, x)) * dt + g * jnp.sqrt(dt) * z",
            PASS,
        ),
        (
            "the noise scaled by dt, not sqrt(dt)",
            "def reverse_sde_step(score, x, t, dt, z):\n"
            "    drift = -0.5 * beta(t) * x - beta(t) * score(t, x)\n"
            "    return x - drift * dt + jnp.sqrt(beta(t)) * dt * z",
            FAIL,
        ),
        (
            "the noise scaled by g^2 instead of g",
            "def reverse_sde_step(score, x, t, dt, z):\n"
            "    drift = -0.5 * beta(t) * x - beta(t) * score(t, x)\n"
            "    return x - drift * dt + beta(t) * jnp.sqrt(dt) * z",
            FAIL,
        ),
        (
            "g instead of g^2 on the score",
            "def reverse_sde_step(score, x, t, dt, z):\n"
            "    drift = -0.5 * beta(t) * x - jnp.sqrt(beta(t)) * score(t, x)\n"
            "    return x - drift * dt + jnp.sqrt(beta(t) * dt) * z",
            FAIL,
        ),
    ],
    "q5-probability-flow-answer": [
        (
            "the reverse SDE's drift, without its noise",
            _flow("-0.5 * beta(t) * x - beta(t) * score(t, x)"),
            FAIL,
        ),
        (
            "Dopri5, the first step chosen by Diffrax",
            "def probability_flow(score, x_start, t_start, t_end):\n"
            "    term = diffrax.ODETerm(lambda t, x, args: -0.5 * beta(t) * (x + score(t, x)))\n"
            "    sol = diffrax.diffeqsolve(\n"
            "        term, diffrax.Dopri5(), t0=t_start, t1=t_end, dt0=None, y0=x_start,\n"
            "        stepsize_controller=diffrax.PIDController(rtol=1e-5, atol=1e-5),\n"
            "    )\n"
            "    return sol.ys[0], sol.stats['num_steps']",
            PASS,
        ),
        (
            "solved forwards, from t_end to t_start",
            "def probability_flow(score, x_start, t_start, t_end):\n"
            "    def drift(t, x, args):\n"
            "        return -0.5 * beta(t) * (x + score(t, x))\n\n"
            "    sol = diffrax.diffeqsolve(\n"
            "        diffrax.ODETerm(drift), diffrax.Tsit5(), t_end, t_start, 0.01, x_start,\n"
            "        stepsize_controller=diffrax.PIDController(rtol=1e-5, atol=1e-5),\n"
            "    )\n"
            "    return sol.ys[-1], sol.stats['num_steps']",
            FAIL,
        ),
        (
            "one solve per point under vmap",
            "def probability_flow(score, x_start, t_start, t_end):\n"
            "    def one(x):\n"
            "        sol = diffrax.diffeqsolve(\n"
            "            diffrax.ODETerm(lambda t, y, args: -0.5 * beta(t) * (y + score(t, y))),\n"
            "            diffrax.Tsit5(), t_start, t_end, -0.05, x,\n"
            "            stepsize_controller=diffrax.PIDController(rtol=1e-5, atol=1e-5),\n"
            "        )\n"
            "        return sol.ys[-1], sol.stats['num_steps']\n\n"
            "    return jax.vmap(one)(x_start)",
            PASS,
        ),
        (
            "fixed Euler steps: not adaptive",
            "def probability_flow(score, x_start, t_start, t_end):\n"
            "    def drift(t, x, args):\n"
            "        return -0.5 * beta(t) * (x + score(t, x))\n\n"
            "    sol = diffrax.diffeqsolve(\n"
            "        diffrax.ODETerm(drift), diffrax.Euler(), t_start, t_end,\n"
            "        (t_end - t_start) / 1000, x_start, max_steps=1024,\n"
            "    )\n"
            "    return sol.ys[-1], sol.stats['num_steps']",
            FAIL,
        ),
        (
            "the score with the wrong sign",
            _flow("-0.5 * beta(t) * (x - score(t, x))"),
            FAIL,
        ),
    ],
    "q6-sample-reverse-sde-answer": [
        (
            "one key for the noise of every step",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps):\n"
            "    key_start, key_noise = jax.random.split(key)\n"
            "    x = jax.random.normal(key_start, (n_samples, dim))\n"
            "    dt = (1.0 - T_MIN) / n_steps\n"
            "    for i in range(n_steps):\n"
            "        t = 1.0 - i * dt\n"
            "        z = jax.random.normal(key_noise, x.shape)\n"
            "        drift = -0.5 * beta(t) * x - beta(t) * score(t, x)\n"
            "        x = x - drift * dt + jnp.sqrt(beta(t) * dt) * z\n"
            "    return x",
            FAIL,
        ),
        (
            "a Python loop, a split key per step",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps):\n"
            "    keys = jax.random.split(key, n_steps + 1)\n"
            "    x = jax.random.normal(keys[0], (n_samples, dim))\n"
            "    dt = (1.0 - T_MIN) / n_steps\n"
            "    for i in range(n_steps):\n"
            "        t = 1.0 - i * dt\n"
            "        z = jax.random.normal(keys[i + 1], x.shape)\n"
            "        x = x + (0.5 * beta(t) * x + beta(t) * score(t, x)) * dt + jnp.sqrt(beta(t) * dt) * z\n"
            "    return x",
            PASS,
        ),
        (
            "started from zeros instead of Normal(0, I)",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps):\n"
            "    x = jnp.zeros((n_samples, dim))\n"
            "    dt = (1.0 - T_MIN) / n_steps\n"
            "    for i, k in enumerate(jax.random.split(key, n_steps)):\n"
            "        t = 1.0 - i * dt\n"
            "        drift = -0.5 * beta(t) * x - beta(t) * score(t, x)\n"
            "        x = x - drift * dt + jnp.sqrt(beta(t) * dt) * jax.random.normal(k, x.shape)\n"
            "    return x",
            FAIL,
        ),
        (
            "Diffrax: Euler with an UnsafeBrownianPath",
            "import lineax as lx\n\n\n"
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps):\n"
            "    key_start, key_path = jax.random.split(key)\n"
            "    x1 = jax.random.normal(key_start, (n_samples, dim))\n"
            "    drift = diffrax.ODETerm(lambda t, x, a: -0.5 * beta(t) * x - beta(t) * score(t, x))\n"
            "    noise = diffrax.ControlTerm(\n"
            "        lambda t, x, a: lx.DiagonalLinearOperator(jnp.sqrt(beta(t)) * jnp.ones_like(x)),\n"
            "        diffrax.UnsafeBrownianPath(x1.shape, key_path),\n"
            "    )\n"
            "    sol = diffrax.diffeqsolve(\n"
            "        diffrax.MultiTerm(drift, noise), diffrax.Euler(), 1.0, T_MIN,\n"
            "        -(1.0 - T_MIN) / n_steps, x1, adjoint=diffrax.ForwardMode(), max_steps=n_steps + 8,\n"
            "    )\n"
            "    return sol.ys[-1]",
            PASS,
        ),
        (
            "no noise: the reverse drift alone",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps):\n"
            "    x = jax.random.normal(key, (n_samples, dim))\n"
            "    dt = (1.0 - T_MIN) / n_steps\n"
            "    for i in range(n_steps):\n"
            "        t = 1.0 - i * dt\n"
            "        x = x + (0.5 * beta(t) * x + beta(t) * score(t, x)) * dt\n"
            "    return x",
            FAIL,
        ),
        (
            "the times run upwards, from T_MIN to 1",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps):\n"
            "    keys = jax.random.split(key, n_steps + 1)\n"
            "    x = jax.random.normal(keys[0], (n_samples, dim))\n"
            "    dt = (1.0 - T_MIN) / n_steps\n"
            "    for i in range(n_steps):\n"
            "        t = T_MIN + i * dt\n"
            "        z = jax.random.normal(keys[i + 1], x.shape)\n"
            "        x = x + (0.5 * beta(t) * x + beta(t) * score(t, x)) * dt + jnp.sqrt(beta(t) * dt) * z\n"
            "    return x",
            FAIL,
        ),
    ],
    "q7-mmd2-answer": [
        (
            "the biased estimate: the diagonal kept",
            "def mmd2(x, y, bandwidth):\n"
            "    def k(a, b):\n"
            "        return jnp.exp(-jnp.sum((a[:, None] - b[None]) ** 2, -1) / (2 * bandwidth**2))\n\n"
            "    return jnp.mean(k(x, x)) + jnp.mean(k(y, y)) - 2 * jnp.mean(k(x, y))",
            FAIL,
        ),
        (
            "a mask for the diagonal, distances by expansion",
            "def mmd2(x, y, bandwidth):\n"
            "    def k(a, b):\n"
            "        d2 = jnp.sum(a**2, 1)[:, None] + jnp.sum(b**2, 1)[None] - 2 * a @ b.T\n"
            "        return jnp.exp(-jnp.maximum(d2, 0.0) / (2 * bandwidth**2))\n\n"
            "    def within(a):\n"
            "        n = len(a)\n"
            "        return jnp.sum(k(a, a) * (1 - jnp.eye(n))) / (n * (n - 1))\n\n"
            "    return within(x) + within(y) - 2 * jnp.mean(k(x, y))",
            PASS,
        ),
        (
            "the kernel exp(-d^2 / h^2)",
            "def mmd2(x, y, bandwidth):\n"
            "    def k(a, b):\n"
            "        return jnp.exp(-jnp.sum((a[:, None] - b[None]) ** 2, -1) / bandwidth**2)\n\n"
            "    n, m = len(x), len(y)\n"
            "    return ((jnp.sum(k(x, x)) - n) / (n * (n - 1)) + (jnp.sum(k(y, y)) - m) / (m * (m - 1))\n"
            "            - 2 * jnp.mean(k(x, y)))",
            FAIL,
        ),
        (
            "the cross term without its factor 2",
            "def mmd2(x, y, bandwidth):\n"
            "    def k(a, b):\n"
            "        return jnp.exp(-jnp.sum((a[:, None] - b[None]) ** 2, -1) / (2 * bandwidth**2))\n\n"
            "    n, m = len(x), len(y)\n"
            "    return ((jnp.sum(k(x, x)) - n) / (n * (n - 1)) + (jnp.sum(k(y, y)) - m) / (m * (m - 1))\n"
            "            - jnp.mean(k(x, y)))",
            FAIL,
        ),
        (
            "the diagonal removed, but divided by n^2",
            "def mmd2(x, y, bandwidth):\n"
            "    def k(a, b):\n"
            "        return jnp.exp(-jnp.sum((a[:, None] - b[None]) ** 2, -1) / (2 * bandwidth**2))\n\n"
            "    n, m = len(x), len(y)\n"
            "    return (jnp.sum(k(x, x)) - n) / n**2 + (jnp.sum(k(y, y)) - m) / m**2 - 2 * jnp.mean(k(x, y))",
            FAIL,
        ),
        (
            "the distance, not its square, in the kernel",
            "def mmd2(x, y, bandwidth):\n"
            "    def k(a, b):\n"
            "        d = jnp.sqrt(jnp.sum((a[:, None] - b[None]) ** 2, -1))\n"
            "        return jnp.exp(-d / (2 * bandwidth**2))\n\n"
            "    n, m = len(x), len(y)\n"
            "    return ((jnp.sum(k(x, x)) - n) / (n * (n - 1)) + (jnp.sum(k(y, y)) - m) / (m * (m - 1))\n"
            "            - 2 * jnp.mean(k(x, y)))",
            FAIL,
        ),
    ],
}
