"""Set 11: for every question, the most likely wrong answers and some other right ones. The first
wrong answer of each question is the one the visible tests must catch with a helpful message."""

PASS, FAIL = True, False

_ORBIT_FIELD = (
    "def orbit_field(t, y, args):\n"
    "    x, y_, vx, vy = y\n"
    "    r3 = (x**2 + y_**2) ** 1.5\n"
    "    return jnp.stack([vx, vy, -x / r3, -y_ / r3])\n\n\n"
)


def _orbit(field=_ORBIT_FIELD, solver="diffrax.Tsit5()", dt0="0.01", saveat=None, controller=None):
    saveat = saveat or "diffrax.SaveAt(dense=True)"
    controller = controller or "diffrax.PIDController(rtol=1e-6, atol=1e-6)"
    return (
        field + "def solve_orbit(y0, t1):\n"
        f"    return diffrax.diffeqsolve(diffrax.ODETerm(orbit_field), {solver}, 0.0, t1, {dt0},"
        f" y0, saveat={saveat}, stepsize_controller={controller})"
    )


_STIFF_FIELD = (
    "def stiff_field(t, y, k):\n"
    "    y1, y2 = y\n"
    "    return jnp.stack([-2 * y1 + y2 + 2 * jnp.sin(t),\n"
    "                      (k - 2) * y1 + (1 - k) * y2 + (k - 1) * (jnp.cos(t) - jnp.sin(t))])\n\n\n"
)


def _stiff(solver="diffrax.Kvaerno5()", rtol="1e-8", x64=True, y_dtype="jnp.float64", extra=""):
    body = (
        f"    ts = jnp.asarray(ts, jnp.float64 if {x64} else jnp.float32)\n"
        f"    return diffrax.diffeqsolve(diffrax.ODETerm(stiff_field), {solver}, 0.0, ts[-1], 1e-4,"
        f" jnp.asarray(y0, {y_dtype}), args=k, saveat=diffrax.SaveAt(ts=ts),"
        f" stepsize_controller=diffrax.PIDController(rtol={rtol}, atol={rtol}), throw=False{extra})"
    )
    if x64:
        body = "    with enable_x64(True):\n" + "\n".join(
            "    " + line for line in body.split("\n")
        )
    return _STIFF_FIELD + "def solve_stiff(y0, k, ts):\n" + body


def _landing(field=None, event=None, solver="diffrax.Tsit5()"):
    field = field or (
        "def flight(t, state, drag):\n"
        "    x, y, vx, vy = state\n"
        "    s = jnp.sqrt(vx**2 + vy**2)\n"
        "    return jnp.stack([vx, vy, -drag * s * vx, -G - drag * s * vy])\n\n\n"
        "def height(t, y, args, **kwargs):\n"
        "    return y[1]\n\n\n"
    )
    event = event or (
        "diffrax.Event(height, root_finder=optx.Newton(rtol=1e-5, atol=1e-5), direction=False)"
    )
    return (
        "G = 9.81\n\n\n" + field + "def landing(speed, angle, drag):\n"
        "    start = jnp.stack([0.0, 0.0, speed * jnp.cos(angle), speed * jnp.sin(angle)])\n"
        f"    sol = diffrax.diffeqsolve(diffrax.ODETerm(flight), {solver}, 0.0, 100.0, 0.01, start,"
        " args=jnp.asarray(drag, jnp.float32),"
        " stepsize_controller=diffrax.PIDController(rtol=1e-6, atol=1e-6),"
        f" event={event})\n"
        "    return sol.ts[-1], sol.ys[-1, 0]"
    )


def _gbm(
    solver="diffrax.Euler()",
    diffusion="lx.DiagonalLinearOperator(sigma * x)",
    shape="x0.shape",
    key="key",
    tol="dt / 2",
):
    return (
        "def gbm_endpoints(keys, x0, mu, sigma, t1):\n"
        "    dt = t1 / 100\n\n"
        "    def endpoint(key):\n"
        f"        brownian = diffrax.VirtualBrownianTree(0.0, t1, tol={tol}, shape={shape},"
        f" key={key})\n"
        "        terms = diffrax.MultiTerm(\n"
        "            diffrax.ODETerm(lambda t, x, args: mu * x),\n"
        f"            diffrax.ControlTerm(lambda t, x, args: {diffusion}, brownian),\n"
        "        )\n"
        f"        return diffrax.diffeqsolve(terms, {solver}, 0.0, t1, dt, x0).ys[-1]\n\n"
        "    return jax.vmap(endpoint)(keys)"
    )


def _pendulum(field="pendulum", component="0", sign="", steps="300", lr="0.03", log=True):
    to_params = "jnp.exp(p)" if log else "p"
    start = "jnp.log(jnp.asarray(guess))" if log else "jnp.asarray(guess)"
    end = "jnp.exp(p)" if log else "p"
    return (
        f"opt = optax.adam({lr})\n\n\n"
        "def misfit(p, ts, observed):\n"
        f"    sol = diffrax.diffeqsolve(diffrax.ODETerm({field}), diffrax.Tsit5(), 0.0, ts[-1], 0.01,"
        f" PENDULUM_START, args={to_params}, saveat=diffrax.SaveAt(ts=ts),"
        " stepsize_controller=diffrax.PIDController(rtol=1e-6, atol=1e-6))\n"
        f"    return jnp.mean((sol.ys[:, {component}] - observed) ** 2)\n\n\n"
        "@jax.jit\n"
        "def step(p, state, ts, observed):\n"
        "    grads = jax.grad(misfit)(p, ts, observed)\n"
        "    updates, state = opt.update(grads, state, p)\n"
        f"    return optax.apply_updates(p, {sign}updates), state\n\n\n"
        "def fit_pendulum(ts, observed, guess):\n"
        "    ts, observed = jnp.asarray(ts), jnp.asarray(observed)\n"
        f"    p = {start}\n"
        "    state = opt.init(p)\n"
        f"    for _ in range({steps}):\n"
        "        p, state = step(p, state, ts, observed)\n"
        f"    return {end}"
    )


def _node(
    field_input="jnp.concatenate([y, jnp.sin(t)[None]])",
    starts="ys[:, 0]",
    reduce="jnp.mean",
    apply="eqx.apply_updates(model, updates)",
    grad="eqx.filter_value_and_grad(node_loss)",
    predicted=None,
):
    predicted = predicted or f"jax.vmap(model, in_axes=(None, 0))(ts, {starts})"
    return (
        "class ForcedNODE(eqx.Module):\n"
        "    mlp: eqx.nn.MLP\n\n"
        "    def __init__(self, *, key):\n"
        "        self.mlp = eqx.nn.MLP(in_size=3, out_size=2, width_size=16, depth=1,"
        " activation=jax.nn.softplus, key=key)\n\n"
        "    def __call__(self, ts, y0):\n"
        f"        field = lambda t, y, args: self.mlp({field_input})  # noqa: E731\n"
        "        return diffrax.diffeqsolve(diffrax.ODETerm(field), diffrax.Tsit5(), ts[0], ts[-1],"
        " 0.1, y0, saveat=diffrax.SaveAt(ts=ts),"
        " stepsize_controller=diffrax.PIDController(rtol=1e-4, atol=1e-6)).ys\n\n\n"
        "def node_loss(model, ts, ys):\n"
        f"    predicted = {predicted}\n"
        f"    return {reduce}((predicted - ys) ** 2)\n\n\n"
        "def node_step(model, opt_state, ts, ys, optimizer):\n"
        f"    loss, grads = {grad}(model, ts, ys)\n"
        "    updates, opt_state = optimizer.update(grads, opt_state, eqx.filter(model, eqx.is_array))\n"
        f"    return {apply}, opt_state, loss"
    )


def _climate(
    start="300.0",
    solver="optx.Newton(rtol=1e-6, atol=1e-3)",
    fn="energy_imbalance",
    value=".value",
    options="",
):
    return (
        "def warm_equilibrium(S):\n"
        f"    return optx.root_find({fn}, {solver}, jnp.float32({start}), args=S{options}){value}"
    )


ANSWERS = {
    "q1-orbit-answer": [
        (
            "constant steps of 0.01: accurate enough, but 1257 steps",
            _orbit(controller="diffrax.ConstantStepSize()"),
            FAIL,
        ),
        (
            "Dopri5, tighter tolerances, the first step chosen by Diffrax",
            _orbit(
                solver="diffrax.Dopri5()",
                dt0="None",
                controller="diffrax.PIDController(rtol=1e-7, atol=1e-7)",
            ),
            PASS,
        ),
        (
            "the force falls off as 1/r: r**2 in the denominator",
            _orbit(field=_ORBIT_FIELD.replace("** 1.5", "** 1.0")),
            FAIL,
        ),
        (
            "tolerances of 1e-3: too loose for the close pass",
            _orbit(controller="diffrax.PIDController(rtol=1e-3, atol=1e-3)"),
            FAIL,
        ),
        (
            "the field with jnp.linalg.norm, positions and velocities split",
            _orbit(
                field="def orbit_field(t, y, args):\n"
                "    r, v = y[:2], y[2:]\n"
                "    return jnp.concatenate([v, -r / jnp.linalg.norm(r) ** 3])\n\n\n"
            ),
            PASS,
        ),
        (
            "saved at fixed times, no dense output: sol.evaluate cannot interpolate",
            _orbit(saveat="diffrax.SaveAt(ts=jnp.linspace(0.0, t1, 50))"),
            FAIL,
        ),
        (
            "repulsive: the force points away from the star",
            _orbit(field=_ORBIT_FIELD.replace("-x / r3, -y_ / r3", "x / r3, y_ / r3")),
            FAIL,
        ),
    ],
    "q2-stiff-answer": [
        ("Tsit5, as for a non-stiff problem: runs out of steps", _stiff("diffrax.Tsit5()"), FAIL),
        ("Kvaerno3: more steps, all within the bound", _stiff("diffrax.Kvaerno3()"), PASS),
        (
            "Kvaerno5 in float32: no enable_x64, 1e-8 is below float32's resolution",
            _stiff(x64=False, y_dtype="jnp.float32"),
            FAIL,
        ),
        ("Kvaerno5 with rtol = atol = 1e-4: too loose", _stiff(rtol="1e-4"), FAIL),
        (
            "Kvaerno5 with a PI controller",
            _stiff().replace("atol=1e-8)", "atol=1e-8, pcoeff=0.3, icoeff=0.4)"),
            PASS,
        ),
        (
            "float64 arrays made inside enable_x64, but the solve run outside it: float32",
            _STIFF_FIELD + "def solve_stiff(y0, k, ts):\n"
            "    with enable_x64(True):\n"
            "        ts, y0 = jnp.asarray(ts, jnp.float64), jnp.asarray(y0, jnp.float64)\n"
            "    return diffrax.diffeqsolve(diffrax.ODETerm(stiff_field), diffrax.Kvaerno5(), 0.0,"
            " ts[-1], 1e-4, y0, args=k, saveat=diffrax.SaveAt(ts=ts),"
            " stepsize_controller=diffrax.PIDController(rtol=1e-8, atol=1e-8), throw=False)",
            FAIL,
        ),
        (
            "Tsit5 with max_steps raised: succeeds, after tens of thousands of steps",
            _stiff("diffrax.Tsit5()", extra=", max_steps=100_000"),
            FAIL,
        ),
    ],
    "q3-landing-answer": [
        (
            "no direction: the event fires at the launch, where the height is already 0",
            _landing(event="diffrax.Event(height, root_finder=optx.Newton(rtol=1e-5, atol=1e-5))"),
            FAIL,
        ),
        (
            "Dopri5 and a Chord root finder",
            _landing(
                solver="diffrax.Dopri5()",
                event="diffrax.Event(height, root_finder=optx.Chord(rtol=1e-5, atol=1e-5),"
                " direction=False)",
            ),
            PASS,
        ),
        (
            "no root finder: stops at the end of the step that crossed the ground",
            _landing(event="diffrax.Event(height, direction=False)"),
            FAIL,
        ),
        (
            "the drag with the wrong sign: it pushes the ball along",
            _landing(
                field="def flight(t, state, drag):\n"
                "    x, y, vx, vy = state\n"
                "    s = jnp.sqrt(vx**2 + vy**2)\n"
                "    return jnp.stack([vx, vy, drag * s * vx, -G + drag * s * vy])\n\n\n"
                "def height(t, y, args, **kwargs):\n"
                "    return y[1]\n\n\n"
            ),
            FAIL,
        ),
        (
            "linear drag -c v instead of -c |v| v",
            _landing(
                field="def flight(t, state, drag):\n"
                "    x, y, vx, vy = state\n"
                "    return jnp.stack([vx, vy, -drag * vx, -G - drag * vy])\n\n\n"
                "def height(t, y, args, **kwargs):\n"
                "    return y[1]\n\n\n"
            ),
            FAIL,
        ),
        (
            "a boolean condition, y < 0: no root to find, the end of the step",
            _landing(
                field="def flight(t, state, drag):\n"
                "    x, y, vx, vy = state\n"
                "    s = jnp.sqrt(vx**2 + vy**2)\n"
                "    return jnp.stack([vx, vy, -drag * s * vx, -G - drag * s * vy])\n\n\n"
                "def height(t, y, args, **kwargs):\n"
                "    return (y[1] < 0) & (t > 0)\n\n\n"
            ),
            FAIL,
        ),
    ],
    "q4-gbm-answer": [
        ("Heun: converges to the Stratonovich solution", _gbm(solver="diffrax.Heun()"), FAIL),
        ("diagonal noise as a dense diagonal matrix", _gbm(diffusion="jnp.diag(sigma * x)"), PASS),
        (
            "one Brownian motion shared by every component: perfectly correlated",
            _gbm(shape="()", diffusion="sigma * x"),
            FAIL,
        ),
        (
            "a full matrix: every component driven by the sum of all the increments",
            _gbm(diffusion="jnp.outer(sigma * x, jnp.ones_like(x))"),
            FAIL,
        ),
        ("the same key for every path: no spread at all", _gbm(key="keys[0]"), FAIL),
        (
            "additive noise, sigma dW: X left out of the diffusion",
            _gbm(diffusion="lx.DiagonalLinearOperator(sigma * jnp.ones_like(x))"),
            FAIL,
        ),
        ("a Brownian tree resolved to the step", _gbm(tol="dt"), PASS),
    ],
    "q5-pendulum-answer": [
        ("updates subtracted: gradient ascent", _pendulum(sign="-"), FAIL),
        (
            "Adam on the raw parameters, more steps",
            _pendulum(log=False, lr="0.02", steps="450"),
            PASS,
        ),
        (
            "the linearised pendulum, sin(theta) ~ theta: wrong at 2 rad",
            "def linear_pendulum(t, y, params):\n"
            "    omega2, c = params\n"
            "    angle, velocity = y\n"
            "    return jnp.stack([velocity, -omega2 * angle - c * velocity])\n\n\n"
            + _pendulum(field="linear_pendulum"),
            FAIL,
        ),
        ("the misfit on the angular velocity", _pendulum(component="1"), FAIL),
        ("twenty steps: not converged", _pendulum(steps="20"), FAIL),
        ("Adam with a larger step on a log scale", _pendulum(lr="0.05", steps="200"), PASS),
    ],
    "q6-neural-ode-answer": [
        ("the sum of squares, not the mean", _node(reduce="jnp.sum"), FAIL),
        (
            "the field as a lambda, the batch by eqx.filter_vmap over the starting points",
            _node(predicted="eqx.filter_vmap(lambda y0: model(ts, y0))(ys[:, 0])"),
            PASS,
        ),
        (
            "every trajectory started at the first one's starting point",
            _node(starts="jnp.broadcast_to(ys[0, 0], ys[:, 0].shape)"),
            FAIL,
        ),
        (
            "the network sees t, not sin(t)",
            _node(field_input="jnp.concatenate([y, t[None]])"),
            FAIL,
        ),
        (
            "updates negated: the step goes uphill",
            _node(apply="eqx.apply_updates(model, jax.tree.map(lambda u: -u, updates))"),
            FAIL,
        ),
        (
            "jax.value_and_grad of the whole module: the activation function is no array",
            _node(grad="jax.value_and_grad(node_loss)"),
            FAIL,
        ),
    ],
    "q7-climate-answer": [
        ("Newton from 200 K: the snowball root", _climate(start="200.0"), FAIL),
        (
            "bisection on the warm side, between 270 K and 400 K",
            _climate(
                solver="optx.Bisection(rtol=1e-6, atol=1e-4)",
                options=', options={"lower": 270.0, "upper": 400.0}',
            ),
            PASS,
        ),
        (
            "the residual with T, not T**4",
            "def warm_equilibrium(S):\n"
            "    def residual(T, S):\n"
            "        albedo = 0.5 - 0.2 * jnp.tanh((T - 265.0) / 10.0)\n"
            "        return S / 4 * (1 - albedo) - EMISSIVITY * STEFAN_BOLTZMANN * T\n\n"
            "    return optx.root_find(residual, optx.Newton(rtol=1e-6, atol=1e-3),"
            " jnp.float32(300.0), args=S).value",
            FAIL,
        ),
        ("the whole solution object, not its value", _climate(value=""), FAIL),
        (
            "a fixed-point iteration in a Python loop, through float()",
            "def warm_equilibrium(S):\n"
            "    T = 300.0\n"
            "    for _ in range(30):\n"
            "        albedo = 0.5 - 0.2 * np.tanh((T - 265.0) / 10.0)\n"
            "        T = float((S / 4 * (1 - albedo) / (EMISSIVITY * STEFAN_BOLTZMANN)) ** 0.25)\n"
            "    return T",
            FAIL,
        ),
        (
            "the chord method from 290 K",
            _climate(start="290.0", solver="optx.Chord(rtol=1e-6, atol=1e-3)"),
            PASS,
        ),
    ],
}
