// Room timer: a countdown for a shared screen. Why it runs here, on the browser's clock: see timer.py.
// fill and make come from widget_base.js, which Python puts in front of this file. Every word shown comes
// from the "strings" trait.

const TICK = 200; // ms between looks at the clock while running
const ONE_MINUTE = 60000;
// Per widget, what the countdown has done: it outlives a view that JupyterLab draws again.
const countdowns = new WeakMap();

// 299 500 ms -> "05:00": whole seconds left, rounded up, so "00:00" only shows when time is up.
function clockText(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n) => String(n).padStart(2, "0");
  return `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
}

function render({ model, el }) {
  const uid = `wb-timer-${Math.random().toString(36).slice(2, 10)}`;
  const t = (key, params = {}) => fill((model.get("strings") || {})[key], params);
  const presets = () => model.get("presets") || [];

  let state = countdowns.get(model);
  if (!state) {
    const minutes = model.get("minutes");
    const first = presets().findIndex((p) => p.minutes === minutes);
    // base: the length chosen; total: base and any minutes added since; left: what remains.
    state = { choice: first < 0 ? "own" : String(first), base: minutes * ONE_MINUTE, total: minutes * ONE_MINUTE,
              left: minutes * ONE_MINUTE, endsAt: null, ended: false, warned: false };
    countdowns.set(model, state);
  }

  const title = make("div", { class: "timer-title", id: `${uid}-title`, text: t("title") });
  const part = make("select", { class: "timer-input", id: `${uid}-part` });
  const minutesBox = make("input", { class: "timer-input timer-minutes", id: `${uid}-minutes`, type: "number",
                                     min: "1", max: "180", step: "1", inputmode: "numeric" });
  const display = make("div", { class: "timer-display", role: "timer", "aria-live": "off", "aria-atomic": "true",
                                "aria-label": t("time_left") });
  const status = make("div", { class: "timer-status" });
  const startButton = make("button", { class: "timer-button timer-start", type: "button" });
  const resetButton = make("button", { class: "timer-button", type: "button", text: t("reset") });
  const addButton = make("button", { class: "timer-button", type: "button", text: t("add_minute") });
  // Said to screen readers: the start, one minute left, and (at once, interrupting) the end.
  const polite = make("div", { class: "timer-announce", role: "status", "aria-live": "polite" });
  const urgent = make("div", { class: "timer-announce", role: "alert", "aria-live": "assertive" });

  const chosenLabel = () => (state.choice === "own" ? t("own_time") : (presets()[Number(state.choice)] || {}).label);
  const say = (region, text) => {
    region.textContent = "";
    setTimeout(() => { region.textContent = text; }, 50); // a fresh text, so the same words are said again
  };

  function fillChoices() {
    part.replaceChildren(
      ...presets().map((p, i) => make("option", { value: String(i), text: t("preset", { label: p.label, minutes: p.minutes }) })),
      make("option", { value: "own", text: t("own_time") }),
    );
    part.value = state.choice;
  }

  function draw() {
    const running = state.endsAt !== null;
    display.textContent = clockText(state.left);
    el.classList.toggle("timer-ended", state.ended);
    el.classList.toggle("timer-running", running);
    status.textContent = state.ended ? `\u23F0 ${t("up")}` : running ? t("running")
      : state.left < state.total ? t("paused") : t("ready");
    startButton.textContent = running ? t("pause") : state.left < state.total && !state.ended ? t("resume") : t("start");
    startButton.disabled = state.ended;
    minutesBox.value = String(Math.round(state.base / ONE_MINUTE));
  }

  let ticking = null;
  function tick() {
    if (state.endsAt === null) return;
    state.left = state.endsAt - performance.now();
    if (!state.warned && state.total > ONE_MINUTE && state.left <= ONE_MINUTE && state.left > 0) {
      state.warned = true;
      say(polite, t("one_minute"));
    }
    if (state.left <= 0) {
      state.left = 0;
      state.endsAt = null;
      state.ended = true;
      stopTicking();
      say(urgent, t("up_announce", { label: chosenLabel() }));
    }
    draw();
  }
  const startTicking = () => { if (ticking === null) ticking = setInterval(tick, TICK); };
  const stopTicking = () => { clearInterval(ticking); ticking = null; };

  // Back to the length chosen (a new one if given), without the minutes added.
  function reset(minutes) {
    stopTicking();
    if (minutes !== undefined) state.base = minutes * ONE_MINUTE;
    Object.assign(state, { total: state.base, left: state.base, endsAt: null, ended: false, warned: false });
    draw();
  }

  startButton.addEventListener("click", () => {
    if (state.endsAt !== null) { // pause
      state.left = state.endsAt - performance.now();
      state.endsAt = null;
      stopTicking();
    } else if (!state.ended) {
      const fresh = state.left === state.total;
      state.endsAt = performance.now() + state.left;
      startTicking();
      if (fresh) say(polite, t("started", { minutes: Math.round(state.total / ONE_MINUTE) }));
    }
    draw();
  });
  resetButton.addEventListener("click", () => reset());
  addButton.addEventListener("click", () => {
    state.total += ONE_MINUTE;
    state.ended = false;
    state.warned = false;
    if (state.endsAt !== null) state.endsAt += ONE_MINUTE;
    else state.left += ONE_MINUTE;
    draw();
  });
  part.addEventListener("change", () => {
    state.choice = part.value;
    const preset = presets()[Number(part.value)];
    if (preset) reset(preset.minutes);
  });
  minutesBox.addEventListener("change", () => {
    const minutes = Number(minutesBox.value);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 180) { draw(); return; } // keeps the last good value
    state.choice = "own";
    part.value = "own";
    reset(minutes);
  });

  const field = (control, label) => make("div", { class: "timer-field" },
    make("label", { for: control.id, text: label }), control);
  el.classList.add("workbooks-timer");
  el.setAttribute("role", "group");
  el.setAttribute("aria-labelledby", title.id);
  el.replaceChildren(
    title,
    make("div", { class: "timer-settings" }, field(part, t("part")), field(minutesBox, t("minutes"))),
    display, status,
    make("div", { class: "timer-buttons" }, startButton, resetButton, addButton),
    polite, urgent,
  );
  fillChoices();
  draw();
  if (state.endsAt !== null) startTicking(); // drawn again while running
  model.on("change:presets", fillChoices);
  return () => stopTicking();
}

export default { render };
