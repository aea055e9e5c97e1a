"""Set 08: for every question, the most likely wrong answers and some other right ones. The first
wrong answer of each question is the one the visible tests must catch with a helpful message."""

PASS, FAIL = True, False

# The start that several q6 answers below share: the objective in theta, penalty on the velocity.
LBFGS_OBJECTIVE = (
    "def lbfgs_step(theta, opt_state, optimizer, sources, observed, alpha):\n"
    "    def objective(theta):\n"
    "        v = V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n"
    "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
    "        misfit = 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n"
    "        return misfit + 0.5 * alpha * jnp.sum(jnp.diff(v) ** 2)\n\n"
)

ANSWERS = {
    "q1-fourth-order-cfl-answer": [
        (
            "the lesson's limit, of the three-point stencil",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    return 1.0 / (jnp.max(velocity) * jnp.sqrt(sum(1.0 / h**2 for h in spacings)))",
            FAIL,
        ),
        (
            "Gershgorin: the sum of the stencil's absolute coefficients bounds its factor",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    bound = sum((1 + 16 + 30 + 16 + 1) / (12 * h**2) for h in spacings)\n"
            "    return 2 / (jnp.max(velocity) * jnp.sqrt(bound))",
            PASS,
        ),
        (
            "the centre coefficient only: 30 / (12 h^2) per axis",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    largest = sum(30.0 / (12.0 * h**2) for h in spacings)\n"
            "    return 2.0 / (jnp.max(velocity) * jnp.sqrt(largest))",
            FAIL,
        ),
        (
            "sqrt(3) / 2 of the three-point limit, by a norm",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    return np.sqrt(3) / 2 / jnp.linalg.norm(jnp.max(velocity) / jnp.asarray(spacings))",
            PASS,
        ),
        (
            "the checkerboard with the outer neighbours' sign wrong: 60 / (12 h^2) per axis",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    largest = sum(abs(1 - 16 - 30 - 16 + 1) / (12.0 * h**2) for h in spacings)\n"
            "    return 2.0 / (jnp.max(velocity) * jnp.sqrt(largest))",
            FAIL,
        ),
        (
            "the stencil's factor maximised numerically over cos(kh)",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    c = jnp.linspace(-1.0, 1.0, 2001)\n"
            "    factor = jnp.max(jnp.abs(2 * jnp.cos(2 * jnp.arccos(c)) - 32 * c + 30) / 12)\n"
            "    total = factor * sum(h**-2 for h in spacings)\n"
            "    return 2.0 / (jnp.max(velocity) * jnp.sqrt(total))",
            PASS,
        ),
        (
            "the factor inverted: 2 / sqrt(3) times the three-point limit",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    second_order = 1.0 / (jnp.max(velocity) * jnp.sqrt(sum(h**-2 for h in spacings)))\n"
            "    return 2.0 / np.sqrt(3.0) * second_order",
            FAIL,
        ),
        (
            "square grids only: h_min sqrt(3) / (2 v_max sqrt(d))",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    return np.sqrt(3) / 2 * min(spacings) / (jnp.max(velocity) * np.sqrt(len(spacings)))",
            FAIL,
        ),
        (
            "the mean velocity",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    largest = sum(16.0 / (3.0 * h**2) for h in spacings)\n"
            "    return 2.0 / (jnp.mean(velocity) * jnp.sqrt(largest))",
            FAIL,
        ),
        (
            "NumPy's max: fails under jax.jit",
            "def max_stable_dt_4(velocity, spacings):\n"
            "    largest = sum(16.0 / (3.0 * h**2) for h in spacings)\n"
            "    return 2.0 / (np.max(np.asarray(velocity)) * np.sqrt(largest))",
            FAIL,
        ),
    ],
    "q2-vd-laplacian-3d-answer": [
        (
            "the density of the cell on the left, not the face's mean",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * ra[:-1])\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "ghost cells by edge padding, a centred stencil",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    out = 0.0\n"
            "    for axis, h in enumerate(spacings):\n"
            "        widths = [(0, 0)] * 3\n"
            "        widths[axis] = (1, 1)\n"
            "        pp = jnp.pad(p, widths, mode='edge')\n"
            "        rr = jnp.pad(rho, widths, mode='edge')\n"
            "        n = p.shape[axis]\n"
            "        ahead = lambda a: jax.lax.slice_in_dim(a, 2, n + 2, axis=axis)\n"
            "        behind = lambda a: jax.lax.slice_in_dim(a, 0, n, axis=axis)\n"
            "        forward = (ahead(pp) - p) / (0.5 * (ahead(rr) + rho))\n"
            "        backward = (p - behind(pp)) / (0.5 * (rho + behind(rr)))\n"
            "        out = out + (forward - backward) / h**2\n"
            "    return out",
            PASS,
        ),
        (
            "periodic boundaries with jnp.roll",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        rho_half = 0.5 * (rho + jnp.roll(rho, -1, axis))\n"
            "        flux = (jnp.roll(p, -1, axis) - p) / (h * rho_half)\n"
            "        total = total + (flux - jnp.roll(flux, 1, axis)) / h\n"
            "    return total",
            FAIL,
        ),
        (
            "three axes written out, zero faces by concatenate",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    hx, hy, hz = spacings\n"
            "    fx = (p[1:] - p[:-1]) / (hx * 0.5 * (rho[1:] + rho[:-1]))\n"
            "    fy = (p[:, 1:] - p[:, :-1]) / (hy * 0.5 * (rho[:, 1:] + rho[:, :-1]))\n"
            "    fz = (p[:, :, 1:] - p[:, :, :-1]) / (hz * 0.5 * (rho[:, :, 1:] + rho[:, :, :-1]))\n"
            "    zx, zy, zz = jnp.zeros_like(p[:1]), jnp.zeros_like(p[:, :1]), jnp.zeros_like(p[:, :, :1])\n"
            "    fx = jnp.concatenate([zx, fx, zx], axis=0)\n"
            "    fy = jnp.concatenate([zy, fy, zy], axis=1)\n"
            "    fz = jnp.concatenate([zz, fz, zz], axis=2)\n"
            "    return (\n"
            "        (fx[1:] - fx[:-1]) / hx + (fy[:, 1:] - fy[:, :-1]) / hy\n"
            "        + (fz[:, :, 1:] - fz[:, :, :-1]) / hz\n"
            "    )",
            PASS,
        ),
        (
            "the spacings of the wrong axes",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings[::-1]):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * 0.5 * (ra[1:] + ra[:-1]))\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "the density multiplies",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) * 0.5 * (ra[1:] + ra[:-1]) / h\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "the harmonic mean of the densities",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        rho_half = 2.0 / (1.0 / ra[1:] + 1.0 / ra[:-1])\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * rho_half)\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "the interior only, boundary cells left at zero",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * 0.5 * (ra[1:] + ra[:-1]))\n"
            "        inner = (flux[1:] - flux[:-1]) / h\n"
            "        inner = jnp.pad(inner, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis(inner, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "computed in float32: float64 in, float32 out",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    p, rho = p.astype(jnp.float32), rho.astype(jnp.float32)\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * 0.5 * (ra[1:] + ra[:-1]))\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total",
            FAIL,
        ),
        (
            "computed in float32, cast back to p's dtype: 7 digits only",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    dtype = p.dtype\n"
            "    p, rho = p.astype(jnp.float32), rho.astype(jnp.float32)\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa, ra = jnp.moveaxis(p, axis, 0), jnp.moveaxis(rho, axis, 0)\n"
            "        flux = (pa[1:] - pa[:-1]) / (h * 0.5 * (ra[1:] + ra[:-1]))\n"
            "        flux = jnp.pad(flux, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total.astype(dtype)",
            FAIL,
        ),
        (
            "1 / rho times the plain Laplacian: not symmetric",
            "def vd_laplacian_3d(p, rho, spacings):\n"
            "    total = jnp.zeros_like(p)\n"
            "    for axis, h in enumerate(spacings):\n"
            "        pa = jnp.moveaxis(p, axis, 0)\n"
            "        flux = jnp.pad((pa[1:] - pa[:-1]) / h, [(1, 1)] + [(0, 0)] * (p.ndim - 1))\n"
            "        total = total + jnp.moveaxis((flux[1:] - flux[:-1]) / h, 0, axis)\n"
            "    return total / rho",
            FAIL,
        ),
    ],
    "q3-ensemble-survey-answer": [
        (
            "vmap over the models of a Python loop over the shots: one scan per shot",
            "def ensemble_survey(velocities, sources):\n"
            "    def one_model(v):\n"
            "        return jnp.stack([simulate(v, s) for s in sources])\n\n"
            "    return jax.vmap(one_model)(velocities)",
            FAIL,
        ),
        (
            "the shots batched outside, out_axes puts the models first",
            "def ensemble_survey(velocities, sources):\n"
            "    inner = jax.vmap(simulate, in_axes=(0, None))\n"
            "    return jax.vmap(inner, in_axes=(None, 0), out_axes=1)(velocities, sources)",
            PASS,
        ),
        (
            "the shot axis first: (shots, models, steps, receivers)",
            "def ensemble_survey(velocities, sources):\n"
            "    inner = jax.vmap(simulate, in_axes=(0, None))\n"
            "    return jax.vmap(inner, in_axes=(None, 0))(velocities, sources)",
            FAIL,
        ),
        (
            "every (model, shot) pair in one vmap, then reshaped",
            "def ensemble_survey(velocities, sources):\n"
            "    m, s = velocities.shape[0], sources.shape[0]\n"
            "    pairs_v = jnp.repeat(velocities, s, axis=0)\n"
            "    pairs_s = jnp.tile(sources, m)\n"
            "    traces = jax.vmap(simulate)(pairs_v, pairs_s)\n"
            "    return traces.reshape(m, s, *traces.shape[1:])",
            PASS,
        ),
        (
            "jax.lax.map over the models of the vmapped shots: two scans",
            "def ensemble_survey(velocities, sources):\n"
            "    every_shot = jax.vmap(simulate, in_axes=(None, 0))\n"
            "    return jax.lax.map(lambda v: every_shot(v, sources), velocities)",
            FAIL,
        ),
        (
            "model i with shot i only: one vmap over both",
            "def ensemble_survey(velocities, sources):\n"
            "    return jax.vmap(simulate)(velocities, sources)",
            FAIL,
        ),
        (
            "the shot axis after time",
            "def ensemble_survey(velocities, sources):\n"
            "    every_shot = jax.vmap(simulate, in_axes=(None, 0), out_axes=1)\n"
            "    return jax.vmap(every_shot, in_axes=(0, None))(velocities, sources)",
            FAIL,
        ),
    ],
    "q4-born-answer": [
        (
            "a central difference: three simulations",
            "def born(velocity, source_index, dv, n_steps=N_STEPS):\n"
            "    eps = 1.0\n"
            "    traces = simulate(velocity, source_index, n_steps)\n"
            "    up = simulate(velocity + eps * dv, source_index, n_steps)\n"
            "    down = simulate(velocity - eps * dv, source_index, n_steps)\n"
            "    return traces, (up - down) / (2 * eps)",
            FAIL,
        ),
        (
            "jax.jvp of a functools.partial",
            "def born(velocity, source_index, dv, n_steps=N_STEPS):\n"
            "    shot = partial(simulate, source_index=source_index, n_steps=n_steps)\n"
            "    return jax.jvp(shot, (velocity,), (dv,))",
            PASS,
        ),
        (
            "jax.linearize: the forward run stored to apply the derivative later",
            "def born(velocity, source_index, dv, n_steps=N_STEPS):\n"
            "    traces, derivative = jax.linearize(lambda v: simulate(v, source_index, n_steps), velocity)\n"
            "    return traces, derivative(dv)",
            FAIL,
        ),
        (
            "jax.jvp, lists of primals and tangents, the pair unpacked",
            "def born(velocity, source_index, dv, n_steps=N_STEPS):\n"
            "    def f(v):\n"
            "        return simulate(v, source_index, n_steps=n_steps)\n\n"
            "    traces, dtraces = jax.jvp(f, [velocity], [dv.astype(velocity.dtype)])\n"
            "    return traces, dtraces",
            PASS,
        ),
        (
            "jax.jacfwd, then the Jacobian times dv",
            "def born(velocity, source_index, dv, n_steps=N_STEPS):\n"
            "    def f(v):\n"
            "        return simulate(v, source_index, n_steps)\n\n"
            "    return f(velocity), jax.jacfwd(f)(velocity) @ dv",
            FAIL,
        ),
        (
            "reverse mode: the gradient of the summed traces, times dv",
            "def born(velocity, source_index, dv, n_steps=N_STEPS):\n"
            "    def f(v):\n"
            "        return simulate(v, source_index, n_steps)\n\n"
            "    return f(velocity), jax.grad(lambda v: jnp.sum(f(v)))(velocity) * dv",
            FAIL,
        ),
        (
            "n_steps not passed on: right for the default length only",
            "def born(velocity, source_index, dv, n_steps=N_STEPS):\n"
            "    return jax.jvp(lambda v: simulate(v, source_index), (velocity,), (dv,))",
            FAIL,
        ),
        (
            "a one-sided difference with a tiny step: float32 round-off",
            "def born(velocity, source_index, dv, n_steps=N_STEPS):\n"
            "    eps = 1e-3\n"
            "    traces = simulate(velocity, source_index, n_steps)\n"
            "    return traces, (simulate(velocity + eps * dv, source_index, n_steps) - traces) / eps",
            FAIL,
        ),
    ],
    "q5-correlation-misfit-answer": [
        (
            "the lesson's normalised misfit: it compares amplitudes",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "each trace scaled to unit length first",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def unit(x):\n"
            "        return x / jnp.linalg.norm(x, axis=1, keepdims=True)\n\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(lambda s: simulate(v, s))(sources)\n"
            "        return jnp.mean(1.0 - jnp.sum(unit(traces) * unit(observed), axis=1))\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            PASS,
        ),
        (
            "the predicted traces' norms held constant (stop_gradient)",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        inner = jnp.sum(traces * observed, axis=1)\n"
            "        norm_d = jax.lax.stop_gradient(jnp.sqrt(jnp.sum(traces**2, axis=1)))\n"
            "        norm_o = jnp.sqrt(jnp.sum(observed**2, axis=1))\n"
            "        return jnp.mean(1 - inner / (norm_d * norm_o))\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "einsum over time, summed then divided by the number of traces",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        d = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        inner = jnp.einsum('str,str->sr', d, observed)\n"
            "        norms = jnp.sqrt(jnp.einsum('str,str->sr', d, d))\n"
            "        norms = norms * jnp.sqrt(jnp.einsum('str,str->sr', observed, observed))\n"
            "        return jnp.sum(1 - inner / norms) / inner.size\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            PASS,
        ),
        (
            "one correlation for the whole survey",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        d = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        return 1 - jnp.sum(d * observed) / jnp.sqrt(jnp.sum(d**2) * jnp.sum(observed**2))\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "one correlation per shot, over steps and receivers",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        d = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        inner = jnp.sum(d * observed, axis=(1, 2))\n"
            "        norms = jnp.sqrt(jnp.sum(d**2, axis=(1, 2)) * jnp.sum(observed**2, axis=(1, 2)))\n"
            "        return jnp.mean(1 - inner / norms)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "summed over the traces, not averaged",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        d = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        inner = jnp.sum(d * observed, axis=1)\n"
            "        norms = jnp.sqrt(jnp.sum(d**2, axis=1) * jnp.sum(observed**2, axis=1))\n"
            "        return jnp.sum(1 - inner / norms)\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "normalised over the receivers at each time step",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        d = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        inner = jnp.sum(d * observed, axis=2)\n"
            "        norms = jnp.sqrt(jnp.sum(d**2, axis=2) * jnp.sum(observed**2, axis=2))\n"
            "        return jnp.mean(1 - inner / jnp.maximum(norms, 1e-30))\n\n"
            "    return jax.value_and_grad(misfit)(velocity)",
            FAIL,
        ),
        (
            "the value and the gradient from two calls: a second forward loop",
            "def correlation_misfit(velocity, sources, observed):\n"
            "    def misfit(v):\n"
            "        d = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        inner = jnp.sum(d * observed, axis=1)\n"
            "        norms = jnp.sqrt(jnp.sum(d**2, axis=1) * jnp.sum(observed**2, axis=1))\n"
            "        return jnp.mean(1 - inner / norms)\n\n"
            "    return misfit(velocity), jax.grad(misfit)(velocity)",
            FAIL,
        ),
    ],
    "q6-lbfgs-step-answer": [
        (
            "the penalty on theta, not on the velocity",
            "def lbfgs_step(theta, opt_state, optimizer, sources, observed, alpha):\n"
            "    def objective(theta):\n"
            "        v = V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        misfit = 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n"
            "        return misfit + 0.5 * alpha * jnp.sum(jnp.diff(theta) ** 2)\n\n"
            "    value, grad = jax.value_and_grad(objective)(theta)\n"
            "    updates, opt_state = optimizer.update(\n"
            "        grad, opt_state, theta, value=value, grad=grad, value_fn=objective\n"
            "    )\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            FAIL,
        ),
        (
            "jax.value_and_grad at every step, nothing reused from the state",
            "def lbfgs_step(theta, opt_state, optimizer, sources, observed, alpha):\n"
            "    def objective(theta):\n"
            "        v = V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n"
            "        traces = jax.vmap(lambda s: simulate(v, s))(sources)\n"
            "        misfit = 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n"
            "        return misfit + 0.5 * alpha * jnp.sum(jnp.diff(v) ** 2)\n\n"
            "    value, grad = jax.value_and_grad(objective)(theta)\n"
            "    updates, opt_state = optimizer.update(\n"
            "        grad, opt_state, theta, value=value, grad=grad, value_fn=objective\n"
            "    )\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            PASS,
        ),
        (
            "the line search given the misfit alone",
            "def lbfgs_step(theta, opt_state, optimizer, sources, observed, alpha):\n"
            "    def velocity(theta):\n"
            "        return V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n\n"
            "    def misfit(theta):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(velocity(theta), sources)\n"
            "        return 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n\n"
            "    def objective(theta):\n"
            "        return misfit(theta) + 0.5 * alpha * jnp.sum(jnp.diff(velocity(theta)) ** 2)\n\n"
            "    value, grad = jax.value_and_grad(objective)(theta)\n"
            "    updates, opt_state = optimizer.update(\n"
            "        grad, opt_state, theta, value=value, grad=grad, value_fn=misfit\n"
            "    )\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            FAIL,
        ),
        (
            "the chain rule through the sigmoid by hand, the penalty by slicing",
            "def lbfgs_step(theta, opt_state, optimizer, sources, observed, alpha):\n"
            "    def in_velocity(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        misfit = 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n"
            "        return misfit + 0.5 * alpha * jnp.sum((v[1:] - v[:-1]) ** 2)\n\n"
            "    def objective(theta):\n"
            "        return in_velocity(V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta))\n\n"
            "    s = jax.nn.sigmoid(theta)\n"
            "    value, g_v = jax.value_and_grad(in_velocity)(V_MIN + (V_MAX - V_MIN) * s)\n"
            "    grad = g_v * (V_MAX - V_MIN) * s * (1 - s)\n"
            "    updates, opt_state = optimizer.update(\n"
            "        grad, opt_state, theta, value=value, grad=grad, value_fn=objective\n"
            "    )\n"
            "    return jax.tree.map(jnp.add, theta, updates), opt_state, value",
            PASS,
        ),
        (
            "the penalty wraps around the ends (jnp.roll)",
            "def lbfgs_step(theta, opt_state, optimizer, sources, observed, alpha):\n"
            "    def objective(theta):\n"
            "        v = V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta)\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        misfit = 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n"
            "        return misfit + 0.5 * alpha * jnp.sum((jnp.roll(v, -1) - v) ** 2)\n\n"
            "    value, grad = optax.value_and_grad_from_state(objective)(theta, state=opt_state)\n"
            "    updates, opt_state = optimizer.update(\n"
            "        grad, opt_state, theta, value=value, grad=grad, value_fn=objective\n"
            "    )\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            FAIL,
        ),
        (
            "update called as for Adam: no value, grad or value_fn",
            LBFGS_OBJECTIVE + "    value, grad = jax.value_and_grad(objective)(theta)\n"
            "    updates, opt_state = optimizer.update(grad, opt_state, theta)\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            FAIL,
        ),
        (
            "the value after the step",
            LBFGS_OBJECTIVE + "    value, grad = jax.value_and_grad(objective)(theta)\n"
            "    updates, opt_state = optimizer.update(\n"
            "        grad, opt_state, theta, value=value, grad=grad, value_fn=objective\n"
            "    )\n"
            "    new_theta = optax.apply_updates(theta, updates)\n"
            "    return new_theta, opt_state, objective(new_theta)",
            FAIL,
        ),
        (
            "the gradient with respect to the velocity",
            "def lbfgs_step(theta, opt_state, optimizer, sources, observed, alpha):\n"
            "    def in_velocity(v):\n"
            "        traces = jax.vmap(simulate, in_axes=(None, 0))(v, sources)\n"
            "        misfit = 0.5 * jnp.sum((traces - observed) ** 2) / jnp.sum(observed**2)\n"
            "        return misfit + 0.5 * alpha * jnp.sum(jnp.diff(v) ** 2)\n\n"
            "    def objective(theta):\n"
            "        return in_velocity(V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta))\n\n"
            "    value, grad = jax.value_and_grad(in_velocity)(V_MIN + (V_MAX - V_MIN) * jax.nn.sigmoid(theta))\n"
            "    updates, opt_state = optimizer.update(\n"
            "        grad, opt_state, theta, value=value, grad=grad, value_fn=objective\n"
            "    )\n"
            "    return optax.apply_updates(theta, updates), opt_state, value",
            FAIL,
        ),
        (
            "updates subtracted: optax's updates already point downhill",
            LBFGS_OBJECTIVE + "    value, grad = jax.value_and_grad(objective)(theta)\n"
            "    updates, opt_state = optimizer.update(\n"
            "        grad, opt_state, theta, value=value, grad=grad, value_fn=objective\n"
            "    )\n"
            "    return theta - updates, opt_state, value",
            FAIL,
        ),
    ],
    "q7-segmented-scan-answer": [
        (
            "the steps left over after the whole segments dropped",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    segment = segment or max(1, int(np.sqrt(2 * n)))\n"
            "    whole = n // segment\n"
            "    split = jax.tree.map(\n"
            "        lambda x: x[: whole * segment].reshape(whole, segment, *x.shape[1:]), xs\n"
            "    )\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    return carry, jax.tree.map(lambda y: y.reshape(whole * segment, *y.shape[2:]), ys)",
            FAIL,
        ),
        (
            "the lesson's checkpoint_segments: the reshape fails unless segment divides the steps",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    segment = segment or max(1, int(np.sqrt(2 * n)))\n"
            "    split = jax.tree.map(lambda x: x.reshape(-1, segment, *x.shape[1:]), xs)\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    return carry, jax.tree.map(lambda y: y.reshape(-1, *y.shape[2:]), ys)",
            FAIL,
        ),
        (
            "xs padded with zeros to whole segments, outputs cut back: the extra steps move the carry",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    segment = segment or max(1, int(np.sqrt(2 * n)))\n"
            "    whole = -(-n // segment)\n"
            "    pad = whole * segment - n\n\n"
            "    def chunks(x):\n"
            "        x = jnp.concatenate([x, jnp.zeros((pad, *x.shape[1:]), x.dtype)])\n"
            "        return x.reshape(whole, segment, *x.shape[1:])\n\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, jax.tree.map(chunks, xs))\n"
            "    return carry, jax.tree.map(lambda y: y.reshape(-1, *y.shape[2:])[:n], ys)",
            FAIL,
        ),
        (
            "the plain scan: segment ignored",
            "def segmented_scan(f, init, xs, segment=None):\n    return jax.lax.scan(f, init, xs)",
            FAIL,
        ),
        (
            "jax.checkpoint around each step: any number of steps, but no memory saved",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    return jax.lax.scan(jax.checkpoint(f), init, xs)",
            FAIL,
        ),
        (
            "segments and the steps left over, without a checkpoint",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    segment = segment or max(1, int(np.sqrt(2 * n)))\n"
            "    k = n // segment * segment\n"
            "    split = jax.tree.map(lambda x: x[:k].reshape(k // segment, segment, *x.shape[1:]), xs)\n"
            "    run = lambda c, x: jax.lax.scan(f, c, x)  # noqa: E731\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    carry, rest = run(carry, jax.tree.map(lambda x: x[k:], xs))\n"
            "    join = lambda y, r: jnp.concatenate([y.reshape(k, *y.shape[2:]), r])  # noqa: E731\n"
            "    return carry, jax.tree.map(join, ys, rest)",
            FAIL,
        ),
        (
            "one checkpoint around the whole scan",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    return jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))(init, xs)",
            FAIL,
        ),
        (
            "whole segments with xs reshaped in the wrong order: steps out of time order",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    segment = segment or max(1, int(np.sqrt(2 * n)))\n"
            "    w = n // segment\n"
            "    k = w * segment\n"
            "    split = jax.tree.map(\n"
            "        lambda x: x[:k].reshape(segment, w, *x.shape[1:]).swapaxes(0, 1), xs\n"
            "    )\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    carry, rest = run(carry, jax.tree.map(lambda x: x[k:], xs))\n"
            "    join = lambda y, r: jnp.concatenate([y.reshape(k, *y.shape[2:]), r])  # noqa: E731\n"
            "    return carry, jax.tree.map(join, ys, rest)",
            FAIL,
        ),
        (
            "segment=None taken as one segment of all the steps",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    segment = segment or n\n"
            "    k = n // segment * segment\n"
            "    split = jax.tree.map(lambda x: x[:k].reshape(k // segment, segment, *x.shape[1:]), xs)\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    carry, rest = run(carry, jax.tree.map(lambda x: x[k:], xs))\n"
            "    join = lambda y, r: jnp.concatenate([y.reshape(k, *y.shape[2:]), r])  # noqa: E731\n"
            "    return carry, jax.tree.map(join, ys, rest)",
            FAIL,
        ),
        (
            "the outputs of the steps left over put first",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    segment = segment or max(1, int(np.sqrt(2 * n)))\n"
            "    k = n // segment * segment\n"
            "    split = jax.tree.map(lambda x: x[:k].reshape(k // segment, segment, *x.shape[1:]), xs)\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    carry, rest = run(carry, jax.tree.map(lambda x: x[k:], xs))\n"
            "    join = lambda y, r: jnp.concatenate([r, y.reshape(k, *y.shape[2:])])  # noqa: E731\n"
            "    return carry, jax.tree.map(join, ys, rest)",
            FAIL,
        ),
        (
            "the shorter segment first, jax.remat with a policy that saves nothing",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    if segment is None:\n"
            "        segment = int(np.ceil(np.sqrt(2.0 * n)))\n"
            "    rest = n % segment\n\n"
            "    @partial(jax.remat, policy=jax.checkpoint_policies.nothing_saveable)\n"
            "    def run(carry, chunk):\n"
            "        return jax.lax.scan(f, carry, chunk)\n\n"
            "    carry, first = run(init, jax.tree.map(lambda x: x[:rest], xs))\n"
            "    split = jax.tree.map(\n"
            "        lambda x: x[rest:].reshape(n // segment, segment, *x.shape[1:]), xs\n"
            "    )\n"
            "    carry, ys = jax.lax.scan(run, carry, split)\n"
            "    return carry, jax.tree.map(\n"
            "        lambda a, y: jnp.concatenate([a, y.reshape(n - rest, *y.shape[2:])]), first, ys\n"
            "    )",
            PASS,
        ),
        (
            "padded to whole segments, but the padded steps masked: the carry kept by jnp.where",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    segment = segment or max(1, round(np.sqrt(n)))\n"
            "    whole = -(-n // segment)\n"
            "    pad = whole * segment - n\n\n"
            "    def chunks(x):\n"
            "        x = jnp.concatenate([x, jnp.zeros((pad, *x.shape[1:]), x.dtype)])\n"
            "        return x.reshape(whole, segment, *x.shape[1:])\n\n"
            "    def masked(carry, x_live):\n"
            "        x, live = x_live\n"
            "        new, y = f(carry, x)\n"
            "        return jax.tree.map(lambda a, b: jnp.where(live, a, b), new, carry), y\n\n"
            "    live = (jnp.arange(whole * segment) < n).reshape(whole, segment)\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(masked, c, x))\n"
            "    carry, ys = jax.lax.scan(run, init, (jax.tree.map(chunks, xs), live))\n"
            "    return carry, jax.tree.map(lambda y: y.reshape(-1, *y.shape[2:])[:n], ys)",
            PASS,
        ),
        (
            "segment=None as a fixed 100 steps, whatever the number of steps: best at 4000 only",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    if segment is None:\n"
            "        segment = 100\n"
            "    whole = n // segment\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    split = jax.tree.map(lambda x: x[: whole * segment].reshape(whole, segment, *x.shape[1:]), xs)\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    carry, rest = run(carry, jax.tree.map(lambda x: x[whole * segment :], xs))\n"
            "    join = lambda y, r: jnp.concatenate([y.reshape(whole * segment, *y.shape[2:]), r])  # noqa: E731\n"
            "    return carry, jax.tree.map(join, ys, rest)",
            FAIL,
        ),
        (
            "segment=None as sqrt(T), the count for a carry of one field: near the least",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    if segment is None:\n"
            "        segment = max(1, int(np.sqrt(n)))\n"
            "    whole = n // segment\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    split = jax.tree.map(lambda x: x[: whole * segment].reshape(whole, segment, *x.shape[1:]), xs)\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    carry, rest = run(carry, jax.tree.map(lambda x: x[whole * segment :], xs))\n"
            "    join = lambda y, r: jnp.concatenate([y.reshape(whole * segment, *y.shape[2:]), r])  # noqa: E731\n"
            "    return carry, jax.tree.map(join, ys, rest)",
            PASS,
        ),
        (
            "segment=None as a tenth of the steps: far too long at 4000 steps",
            "def segmented_scan(f, init, xs, segment=None):\n"
            "    n = jax.tree.leaves(xs)[0].shape[0]\n"
            "    if segment is None:\n"
            "        segment = max(1, n // 10)\n"
            "    whole = n // segment\n"
            "    run = jax.checkpoint(lambda c, x: jax.lax.scan(f, c, x))\n"
            "    split = jax.tree.map(lambda x: x[: whole * segment].reshape(whole, segment, *x.shape[1:]), xs)\n"
            "    carry, ys = jax.lax.scan(run, init, split)\n"
            "    carry, rest = run(carry, jax.tree.map(lambda x: x[whole * segment :], xs))\n"
            "    join = lambda y, r: jnp.concatenate([y.reshape(whole * segment, *y.shape[2:]), r])  # noqa: E731\n"
            "    return carry, jax.tree.map(join, ys, rest)",
            FAIL,
        ),
    ],
}
