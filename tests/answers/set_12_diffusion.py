"""Set 12: for every question, the most likely wrong answers and some other right ones. The first
wrong answer of each question is the one the visible tests must catch with a helpful message."""

PASS, FAIL = True, False


_VE_PRIOR = (
    "-0.5 * jnp.sum(z**2, axis=-1) / ve_var(1.0) "
    "- 0.5 * x.shape[-1] * jnp.log(2 * jnp.pi * ve_var(1.0))"
)


def _encode(
    drift="-0.5 * jax.grad(ve_var)(t) * score(t, x)",
    divergence="jnp.trace(jax.vmap(jax.jacfwd(lambda p: drift(t, p)))(x), axis1=1, axis2=2)",
    solver="diffrax.Tsit5()",
    t0="t_start",
    dt0="0.01",
    controller="diffrax.PIDController(rtol=1e-5, atol=1e-5)",
    log_p="log_prior + change",
    log_prior=_VE_PRIOR,
):
    """Q5 as the statement asks (one solve, x and the divergence's integral as one state), with
    one piece changed."""
    return (
        "def encode(score, x, t_start):\n"
        "    def drift(t, x):\n"
        f"        return {drift}\n\n"
        "    def field(t, state, args):\n"
        "        x, _ = state\n"
        f"        return drift(t, x), {divergence}\n\n"
        "    sol = diffrax.diffeqsolve(\n"
        f"        diffrax.ODETerm(field), {solver}, {t0}, 1.0, {dt0}, (x, jnp.zeros(x.shape[0])),\n"
        f"        stepsize_controller={controller}, max_steps=4096,\n"
        "    )\n"
        "    z, change = sol.ys[0][-1], sol.ys[1][-1]\n"
        f"    log_prior = {log_prior}\n"
        f"    return z, {log_p}, sol.stats['num_steps']"
    )


def _one_point_solve(indent):
    """Q5's solve for one point y of shape (d,), returning z, log_p, steps (the per-point kind)."""
    pad = " " * indent
    return (
        f"{pad}def field(t, state, args):\n"
        f"{pad}    f = lambda q: -0.5 * jax.grad(ve_var)(t) * score(t, q)\n"
        f"{pad}    return f(state[0]), jnp.trace(jax.jacfwd(f)(state[0]))\n\n"
        f"{pad}sol = diffrax.diffeqsolve(\n"
        f"{pad}    diffrax.ODETerm(field), diffrax.Tsit5(), t_start, 1.0, 0.01, (y, 0.0),\n"
        f"{pad}    stepsize_controller=diffrax.PIDController(rtol=1e-5, atol=1e-5),\n"
        f"{pad})\n"
        f"{pad}z = sol.ys[0][-1]\n"
        f"{pad}log_p = -0.5 * z @ z / ve_var(1.0) - 0.5 * len(z) * jnp.log(2 * jnp.pi * ve_var(1.0))"
        f" + sol.ys[1][-1]\n"
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
        (
            "the lesson's noise-prediction loss: sigma^2 built in, weight ignored",
            "def weighted_dsm_loss(score_model, x0, t, noise, weight):\n"
            "    alpha, sigma = marginal(t)\n"
            "    xt = alpha[:, None] * x0 + sigma[:, None] * noise\n"
            "    scaled = sigma[:, None] * jax.vmap(score_model)(t, xt) + noise\n"
            "    return jnp.mean(jnp.sum(scaled**2, axis=-1))",
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
    "q5-encode-answer": [
        (
            "the integral of the divergence with the wrong sign",
            _encode(log_p="log_prior - change"),
            FAIL,
        ),
        (
            "g^2 by hand, d JVPs along the basis vectors, Dopri5 and Diffrax's first step",
            _encode(
                drift="-np.log(SIGMA_MAX / SIGMA_MIN) * (ve_var(t) + SIGMA_MIN**2) * score(t, x)",
                divergence="sum(jax.jvp(lambda y: drift(t, y), (x,), "
                "(jnp.zeros_like(x).at[:, k].set(1.0),))[1][:, k] for k in range(x.shape[1]))",
                solver="diffrax.Dopri5()",
                dt0="None",
            ),
            PASS,
        ),
        (
            "the change of variables left out: the prior's log-density at z",
            _encode(log_p="log_prior"),
            FAIL,
        ),
        (
            "the VP SDE's prior, Normal(0, I), at t = 1",
            _encode(
                log_prior="-0.5 * jnp.sum(z**2, axis=-1) - 0.5 * x.shape[-1] * jnp.log(2 * jnp.pi)"
            ),
            FAIL,
        ),
        (
            "the reverse SDE's drift: all of g^2 on the score",
            _encode(drift="-jax.grad(ve_var)(t) * score(t, x)"),
            FAIL,
        ),
        (
            "s(t)^2 in place of g(t)^2, its derivative",
            _encode(drift="-0.5 * ve_var(t) * score(t, x)"),
            FAIL,
        ),
        (
            "the lesson's VP flow kept: -beta (x + score) / 2",
            _encode(drift="-0.5 * beta(t) * (x + score(t, x))"),
            FAIL,
        ),
        (
            "one divergence for the whole batch: the trace of the flattened state's Jacobian",
            _encode(
                divergence="jnp.full(x.shape[0], jnp.trace(jax.jacfwd(lambda y: drift(t, y))(x)"
                ".reshape(x.size, x.size)))"
            ),
            FAIL,
        ),
        (
            "a random (Hutchinson) estimate of the divergence, one Rademacher probe",
            _encode(
                divergence="jnp.sum(jax.jvp(lambda y: drift(t, y), (x,), (v,))[1] * v, axis=-1)"
            ).replace(
                "    def field(",
                "    v = jax.random.rademacher(jax.random.key(0), x.shape, dtype=x.dtype)\n\n"
                "    def field(",
            ),
            FAIL,
        ),
        (
            "one solve per point, under vmap",
            "def encode(score, x, t_start):\n"
            "    def one(y):\n"
            + _one_point_solve(8)
            + "        return z, log_p, sol.stats['num_steps']\n\n"
            "    z, log_p, steps = jax.vmap(one)(x)\n"
            "    return z, log_p, jnp.max(steps)",
            FAIL,
        ),
        (
            "a Python loop over the points, one solve each",
            "def encode(score, x, t_start):\n"
            "    zs, log_ps, steps = [], [], []\n"
            "    for y in x:\n" + _one_point_solve(8) + "        zs.append(z)\n"
            "        log_ps.append(log_p)\n"
            "        steps.append(sol.stats['num_steps'])\n"
            "    return jnp.stack(zs), jnp.stack(log_ps), jnp.max(jnp.stack(steps))",
            FAIL,
        ),
        (
            "fixed steps: Tsit5, 150 equal steps (accurate, but not adaptive)",
            _encode(dt0="(1.0 - t_start) / 150", controller="diffrax.ConstantStepSize()"),
            FAIL,
        ),
        (
            "t_start ignored: always from t = 0",
            _encode(t0="0.0"),
            FAIL,
        ),
    ],
    "q6-sample-reverse-sde-answer": [
        (
            "one key for the noise of every step",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps, t_min=T_MIN):\n"
            "    key_start, key_noise = jax.random.split(key)\n"
            "    x = jax.random.normal(key_start, (n_samples, dim))\n"
            "    dt = (1.0 - t_min) / n_steps\n"
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
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps, t_min=T_MIN):\n"
            "    keys = jax.random.split(key, n_steps + 1)\n"
            "    x = jax.random.normal(keys[0], (n_samples, dim))\n"
            "    dt = (1.0 - t_min) / n_steps\n"
            "    for i in range(n_steps):\n"
            "        t = 1.0 - i * dt\n"
            "        z = jax.random.normal(keys[i + 1], x.shape)\n"
            "        x = x + (0.5 * beta(t) * x + beta(t) * score(t, x)) * dt + jnp.sqrt(beta(t) * dt) * z\n"
            "    return x",
            PASS,
        ),
        (
            "started from zeros instead of Normal(0, I)",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps, t_min=T_MIN):\n"
            "    x = jnp.zeros((n_samples, dim))\n"
            "    dt = (1.0 - t_min) / n_steps\n"
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
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps, t_min=T_MIN):\n"
            "    key_start, key_path = jax.random.split(key)\n"
            "    x1 = jax.random.normal(key_start, (n_samples, dim))\n"
            "    drift = diffrax.ODETerm(lambda t, x, a: -0.5 * beta(t) * x - beta(t) * score(t, x))\n"
            "    noise = diffrax.ControlTerm(\n"
            "        lambda t, x, a: lx.DiagonalLinearOperator(jnp.sqrt(beta(t)) * jnp.ones_like(x)),\n"
            "        diffrax.UnsafeBrownianPath(x1.shape, key_path),\n"
            "    )\n"
            "    sol = diffrax.diffeqsolve(\n"
            "        diffrax.MultiTerm(drift, noise), diffrax.Euler(), 1.0, t_min,\n"
            "        -(1.0 - t_min) / n_steps, x1, adjoint=diffrax.ForwardMode(), max_steps=n_steps + 8,\n"
            "    )\n"
            "    return sol.ys[-1]",
            PASS,
        ),
        (
            "no noise: the reverse drift alone",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps, t_min=T_MIN):\n"
            "    x = jax.random.normal(key, (n_samples, dim))\n"
            "    dt = (1.0 - t_min) / n_steps\n"
            "    for i in range(n_steps):\n"
            "        t = 1.0 - i * dt\n"
            "        x = x + (0.5 * beta(t) * x + beta(t) * score(t, x)) * dt\n"
            "    return x",
            FAIL,
        ),
        (
            "the times run upwards, from T_MIN to 1",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps, t_min=T_MIN):\n"
            "    keys = jax.random.split(key, n_steps + 1)\n"
            "    x = jax.random.normal(keys[0], (n_samples, dim))\n"
            "    dt = (1.0 - t_min) / n_steps\n"
            "    for i in range(n_steps):\n"
            "        t = t_min + i * dt\n"
            "        z = jax.random.normal(keys[i + 1], x.shape)\n"
            "        x = x + (0.5 * beta(t) * x + beta(t) * score(t, x)) * dt + jnp.sqrt(beta(t) * dt) * z\n"
            "    return x",
            FAIL,
        ),
        (
            "integrated down to 0 instead of to t_min",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps, t_min=T_MIN):\n"
            "    key_start, key_steps = jax.random.split(key)\n"
            "    x = jax.random.normal(key_start, (n_samples, dim))\n"
            "    dt = 1.0 / n_steps\n"
            "    for i, k in enumerate(jax.random.split(key_steps, n_steps)):\n"
            "        x = reverse_sde_step(score, x, 1.0 - i * dt, dt, jax.random.normal(k, x.shape))\n"
            "    return x",
            FAIL,
        ),
        (
            "t_min ignored: always down to T_MIN",
            "def sample_reverse_sde(score, key, n_samples, dim, n_steps, t_min=T_MIN):\n"
            "    key_start, key_steps = jax.random.split(key)\n"
            "    x = jax.random.normal(key_start, (n_samples, dim))\n"
            "    dt = (1.0 - T_MIN) / n_steps\n"
            "    times = 1.0 - dt * jnp.arange(n_steps)\n\n"
            "    def step(x, inputs):\n"
            "        t, k = inputs\n"
            "        return reverse_sde_step(score, x, t, dt, jax.random.normal(k, x.shape)), None\n\n"
            "    return jax.lax.scan(step, x, (times, jax.random.split(key_steps, n_steps)))[0]",
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
            "a Python loop over the rows of x, each row against all of x and of y",
            "def mmd2(x, y, bandwidth):\n"
            "    n, m = len(x), len(y)\n"
            "    kxx, kxy = 0.0, 0.0\n"
            "    for i in range(n):\n"
            "        kxx += jnp.sum(jnp.exp(-jnp.sum((x[i] - x) ** 2, -1) / (2 * bandwidth**2))) - 1.0\n"
            "        kxy += jnp.sum(jnp.exp(-jnp.sum((x[i] - y) ** 2, -1) / (2 * bandwidth**2)))\n"
            "    kyy = jnp.exp(-jnp.sum((y[:, None] - y[None]) ** 2, -1) / (2 * bandwidth**2))\n"
            "    return kxx / (n * (n - 1)) + (jnp.sum(kyy) - m) / (m * (m - 1)) - 2 * kxy / (n * m)",
            FAIL,
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
    "q8-reference-values-answer": [
        (
            "two random subsets drawn independently: they can share rows",
            "def reference_values(statistic, data, n, m, key, n_resamples):\n"
            "    def one(k):\n"
            "        kx, ky = jax.random.split(k)\n"
            "        x = jax.random.choice(kx, data, (n,), replace=False)\n"
            "        y = jax.random.choice(ky, data, (m,), replace=False)\n"
            "        return statistic(x, y)\n\n"
            "    return jax.vmap(one)(jax.random.split(key, n_resamples))",
            FAIL,
        ),
        (
            "a Python loop over the resamples, one permutation each",
            "def reference_values(statistic, data, n, m, key, n_resamples):\n"
            "    values = []\n"
            "    for k in jax.random.split(key, n_resamples):\n"
            "        rows = jax.random.permutation(k, data)\n"
            "        values.append(statistic(rows[:n], rows[n : n + m]))\n"
            "    return jnp.stack(values)",
            PASS,
        ),
        (
            "one key for every resample: the same two samples each time",
            "def reference_values(statistic, data, n, m, key, n_resamples):\n"
            "    def one(i):\n"
            "        order = jax.random.permutation(key, len(data))\n"
            "        return statistic(data[order[:n]], data[order[n : n + m]])\n\n"
            "    return jax.vmap(one)(jnp.arange(n_resamples))",
            FAIL,
        ),
        (
            "m ignored: both samples of n rows",
            "def reference_values(statistic, data, n, m, key, n_resamples):\n"
            "    def one(k):\n"
            "        order = jax.random.permutation(k, len(data))\n"
            "        return statistic(data[order[:n]], data[order[n : 2 * n]])\n\n"
            "    return jax.vmap(one)(jax.random.split(key, n_resamples))",
            FAIL,
        ),
        (
            "with replacement (a bootstrap): unbiased too, its spread within a few per cent",
            "def reference_values(statistic, data, n, m, key, n_resamples):\n"
            "    def one(k):\n"
            "        kx, ky = jax.random.split(k)\n"
            "        x = data[jax.random.randint(kx, (n,), 0, len(data))]\n"
            "        y = data[jax.random.randint(ky, (m,), 0, len(data))]\n"
            "        return statistic(x, y)\n\n"
            "    return jax.vmap(one)(jax.random.split(key, n_resamples))",
            PASS,
        ),
        (
            "x from the first half of the rows, y from the second half",
            "def reference_values(statistic, data, n, m, key, n_resamples):\n"
            "    half = len(data) // 2\n\n"
            "    def one(k):\n"
            "        kx, ky = jax.random.split(k)\n"
            "        x = jax.random.permutation(kx, data[:half])[:n]\n"
            "        y = jax.random.permutation(ky, data[half:])[:m]\n"
            "        return statistic(x, y)\n\n"
            "    return jax.vmap(one)(jax.random.split(key, n_resamples))",
            FAIL,
        ),
    ],
}
