// The power/interest map of stakeholders, drawn as an SVG that the participant clicks, drags or moves by
// keyboard, with its controls. Why it exists: see power_interest_map.py. Every change goes to the kernel as
// one custom message holding all of it, read from the screen at that moment; never through
// model.set/save_changes, which ipywidgets holds back while a message is pending. Every word shown comes
// from the "strings" trait, so nothing here is in English. fill, make, readStore and writeStore come from
// widget_base.js, which Python puts in front of this file.

const ACK_WAIT = 4000; // ms the kernel may take to answer before the map says it has stopped
const PING_EVERY = 30000; // ms between "are you there?" messages while the map is on screen
const SVG_NS = "http://www.w3.org/2000/svg";

// The drawing, in viewBox units: a square plot, with room around it for the tick labels and axis titles.
const PLOT = 400;
const LEFT = 62;
const TOP = 12;
const RIGHT = 12;
const BOTTOM = 56;
export const WIDTH = LEFT + PLOT + RIGHT;
export const HEIGHT = TOP + PLOT + BOTTOM;
const MARKER = 9; // half a marker's size
const HIT = 17; // half the size of the area around a marker that takes the pointer (a 24 px target or more)
const LABEL_SIZE = 13; // a name's font size
const LABEL_GAP = 14; // from a marker's centre to its name
const LABEL_LINE = 15; // between names stacked at one spot
const MAX_LABEL = 24; // characters of a name drawn on the map (the table beside it has every name whole)
const EDGE = 3; // names keep this far from the drawing's edges

// What two names that count as the same share, as the kernel's str.casefold() does for most scripts.
export const nameKey = (name) => String(name).trim().toUpperCase().toLowerCase();

const number = (value, otherwise) => (typeof value === "number" && Number.isFinite(value) ? value : otherwise);
export function cleanScale(data) {
  const scale = data && typeof data === "object" ? data : {};
  return { min: number(scale.min, 0), max: number(scale.max, 10), midpoint: number(scale.midpoint, 5) };
}

// Placements as [{name, power, interest}]; null if they are not that.
export function cleanPlacements(data) {
  if (!Array.isArray(data)) return null;
  const list = [];
  for (const item of data) {
    if (!item || typeof item !== "object" || typeof item.name !== "string") return null;
    if (!Number.isInteger(item.power) || !Number.isInteger(item.interest)) return null;
    list.push({ name: item.name, power: item.power, interest: item.interest });
  }
  return list;
}
export const samePlacements = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The quadrant of a position, as the kernel's model decides it: the midpoint counts as high.
export function quadrantOf(power, interest, quadrants, scale) {
  const highPower = power >= scale.midpoint;
  const highInterest = interest >= scale.midpoint;
  return quadrants.find((q) => !!q.highPower === highPower && !!q.highInterest === highInterest) || null;
}

// The nearest whole number on the scale.
export const snap = (value, scale) => Math.min(scale.max, Math.max(scale.min, Math.round(value)));

// What is typed in a number box, if it is a whole number on the scale; null if not.
export function wholeNumber(text, scale) {
  const typed = String(text).trim();
  if (!/^\d{1,9}$/.test(typed)) return null;
  const value = Number(typed);
  return value >= scale.min && value <= scale.max ? value : null;
}

// The map after a change, as the kernel will make it: placing a name already there moves it.
export function applyChange(list, change) {
  if (change.type === "restore") return change.placements.map((p) => ({ ...p }));
  const key = nameKey(change.name);
  const at = list.findIndex((p) => nameKey(p.name) === key);
  if (change.type === "remove") return at < 0 ? list : list.filter((p, i) => i !== at);
  const placed = { name: change.name.trim(), power: change.power, interest: change.interest };
  return at < 0 ? [...list, placed] : list.map((p, i) => (i === at ? placed : p));
}

// Scale values to drawing units and back. The plot reaches half a step past each end, so that markers at
// the ends are drawn whole and the boundary between low and high falls between two whole numbers.
export function axes(scale) {
  const low = scale.min - 0.5;
  const span = scale.max - scale.min + 1;
  return {
    x: (interest) => LEFT + ((interest - low) / span) * PLOT,
    y: (power) => TOP + PLOT - ((power - low) / span) * PLOT,
    interestAt: (x) => low + ((x - LEFT) / PLOT) * span,
    powerAt: (y) => low + ((TOP + PLOT - y) / PLOT) * span,
  };
}

// Where a name goes beside its marker at x: on the right if it fits, else on the left; shortened until it
// fits one side. `measure(text)` is its width in drawing units.
export function labelPlace(name, x, measure) {
  let text = name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}\u2026` : name;
  for (;;) {
    const width = measure(text);
    if (x + LABEL_GAP + width <= WIDTH - EDGE) return { text, x: x + LABEL_GAP, anchor: "start" };
    if (x - LABEL_GAP - width >= EDGE) return { text, x: x - LABEL_GAP, anchor: "end" };
    if (text.length <= 2) return { text, x: x + LABEL_GAP, anchor: "start" };
    text = `${text.slice(0, -2)}\u2026`;
  }
}

// Marker outlines around (0, 0), one per quadrant symbol.
const SHAPES = {
  circle: (r) => `M ${-r} 0 A ${r} ${r} 0 1 0 ${r} 0 A ${r} ${r} 0 1 0 ${-r} 0 Z`,
  square: (r) => `M ${-0.85 * r} ${-0.85 * r} H ${0.85 * r} V ${0.85 * r} H ${-0.85 * r} Z`,
  diamond: (r) => `M 0 ${-1.25 * r} L ${1.25 * r} 0 L 0 ${1.25 * r} L ${-1.25 * r} 0 Z`,
  "triangle-up": (r) => `M 0 ${-1.2 * r} L ${1.15 * r} ${0.9 * r} L ${-1.15 * r} ${0.9 * r} Z`,
};
export const shapePath = (symbol, r) => (SHAPES[symbol] || SHAPES.circle)(r);

// Participant text only ever goes in through textContent (make, from widget_base.js, for HTML).
function draw(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, String(value));
  }
  node.append(...children);
  return node;
}

function render({ model, el }) {
  const uid = `wb-map-${Math.random().toString(36).slice(2, 10)}`; // ids for labels and descriptions
  const view = uid; // the kernel orders messages per view: a redrawn view starts counting again
  const t = (name, params = {}) => fill((model.get("strings") || {})[name], params);
  const scale = () => cleanScale(model.get("scale"));
  const quadrants = () => (Array.isArray(model.get("quadrants")) ? model.get("quadrants") : []);
  const quadrant = (p) => quadrantOf(p.power, p.interest, quadrants(), scale()) || { label: "", colour: "", symbol: "" };

  let kernel = cleanPlacements(model.get("placements")) || []; // the map as the kernel has it
  let pending = []; // [{seq, change}]: sent, not answered yet; shown on the map already
  let shown = kernel;
  let seq = 0; // numbers this view's messages
  let acked = 0; // the newest message the kernel answered
  let gone = false; // the kernel is not answering
  let restarted = false; // the kernel was restarted: its being busy is no reason to wait for this view's answers
  let alive = true;
  let boxesFor = null; // the name key of the stakeholder whose position the number boxes show; null: as typed
  let drag = null; // {pointer, key, name, start, at}: a marker being dragged
  const markers = new Map(); // name key -> {g, shape, label}
  let made = 0; // markers made, for their ids

  // -- the page --------------------------------------------------------------------------------
  const root = make("div", { class: "workbooks-map" });
  const how = make("p", { class: "map-how", id: `${uid}-how` });
  const field = (name, extra = {}) => {
    const box = make("input", { type: "text", class: "map-input", id: `${uid}-${name}`, autocomplete: "off",
      spellcheck: "false", ...extra });
    const label = make("label", { class: "map-label", for: box.id });
    const hint = make("div", { class: "map-hint", id: `${uid}-${name}-hint` });
    const message = make("div", { class: "map-message", id: `${uid}-${name}-message` });
    message.hidden = true;
    box.setAttribute("aria-describedby", hint.id);
    return { box, label, hint, message, part: make("div", { class: `map-field map-field-${name}` }, label, box, hint, message) };
  };
  const who = field("name", { list: `${uid}-names` });
  const names = make("datalist", { id: `${uid}-names` });
  const choicesLabel = make("span", { class: "map-choices-label", id: `${uid}-choices` });
  const choices = make("div", { class: "map-choices", role: "group", "aria-labelledby": choicesLabel.id });
  const power = field("power", { inputmode: "numeric" });
  const interest = field("interest", { inputmode: "numeric" });
  const placeButton = make("button", { type: "button", class: "map-button map-place" });
  const removeButton = make("button", { type: "button", class: "map-button map-remove" });
  const statusLine = make("div", { class: "map-status", role: "status", "aria-live": "polite" });
  const drawing = draw("svg", { class: "map-drawing", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "group",
    "aria-describedby": how.id, preserveAspectRatio: "xMidYMid meet" });
  drawing.style.aspectRatio = `${WIDTH} / ${HEIGHT}`;
  const background = draw("g", { class: "map-background", "aria-hidden": "true" });
  const plot = draw("rect", { class: "map-plot", x: LEFT, y: TOP, width: PLOT, height: PLOT });
  const markerLayer = draw("g", { class: "map-markers" });
  const labelLayer = draw("g", { class: "map-labels", "aria-hidden": "true" });
  drawing.append(background, plot, markerLayer, labelLayer);
  const legend = make("div", { class: "map-legend" });
  // The drawing comes first, under a text that never changes: what the controls and the status line say
  // changes in length, and nothing may move the map between two clicks on it.
  root.append(
    how,
    make("div", { class: "map-picture" }, drawing, legend),
    statusLine,
    make("div", { class: "map-controls" },
      who.part, names,
      make("div", { class: "map-choices-line" }, choicesLabel, choices),
      make("div", { class: "map-numbers" }, power.part, interest.part),
      make("div", { class: "map-buttons" }, placeButton, removeButton)),
  );
  el.append(root);

  // -- browser storage: changes made while the kernel is gone survive it, and a reload ------------
  function store(ackedContent) {
    writeStore(model.get("storage_key"), { placements: shown, time: Date.now(), acked: ackedContent });
  }
  const stored = () => readStore(model.get("storage_key"));

  // -- talking to the kernel ------------------------------------------------------------------
  function send(message) {
    const s = ++seq;
    try {
      model.send({ ...message, seq: s, view });
    } catch (error) {
      setGone(true); // the connection is closed: the kernel was restarted or shut down
      return s;
    }
    setTimeout(() => overdue(s), ACK_WAIT);
    return s;
  }
  function kernelBusy() {
    // A long-running cell delays answers without the kernel being gone.
    try {
      return model.widget_manager?.kernel?.status === "busy";
    } catch (error) {
      return false;
    }
  }
  function overdue(s) {
    if (!alive || acked >= s) return;
    if (!restarted && kernelBusy()) setTimeout(() => overdue(s), ACK_WAIT);
    else setGone(true);
  }
  // The change is drawn at once; the kernel's map replaces it when the kernel answers.
  function act(change) {
    pending.push({ seq: send(change), change });
    update();
    store(false);
  }
  function update() {
    shown = pending.reduce((list, { change }) => applyChange(list, change), kernel);
    paint();
  }
  function setGone(value) {
    if (gone === value) return; // a status line redrawn with the same words is read out again
    gone = value;
    paintStatus();
  }
  model.on("msg:custom", (message) => {
    if (!message || message.type !== "ack" || typeof message.seq !== "number") return;
    acked = Math.max(acked, message.seq);
    if (gone) setGone(false); // an answer proves the kernel is there
    pending = pending.filter((p) => p.seq > message.seq);
    kernel = cleanPlacements(model.get("placements")) || kernel;
    update();
    // The kernel holds (and saved) the map now, unless it could not save it. A change it refused is not
    // kept either: sent again after a restart, it would only be refused again.
    if (!pending.length) store(message.ok !== false || message.refused === true);
  });
  model.on("change:placements", () => {
    kernel = cleanPlacements(model.get("placements")) || kernel;
    update();
    if (!pending.length) store(true);
  });
  // ipywidgets marks every model as no longer live when the kernel restarts or dies.
  model.on("comm_live_update", () => {
    restarted = true;
    setGone(true);
  });

  // -- drawing ---------------------------------------------------------------------------------
  const find = (key) => shown.find((p) => nameKey(p.name) === key) || null;
  const chosen = () => who.box.value.trim();
  function build() {
    const s = scale();
    const a = axes(s);
    how.textContent = t("how");
    who.label.textContent = t("name");
    who.box.placeholder = t("namePlaceholder");
    choicesLabel.textContent = t("unplaced");
    for (const [part, name] of [[power, "power"], [interest, "interest"]]) {
      part.label.textContent = t(name);
      part.hint.textContent = t("range");
    }
    placeButton.textContent = t("place");
    removeButton.textContent = t("remove");
    drawing.setAttribute("aria-label", t("drawing"));
    // The quadrants, shaded, with their names in their outer corners.
    background.replaceChildren();
    const low = s.min - 0.5;
    const mid = s.midpoint - 0.5;
    const high = s.max + 0.5;
    for (const q of quadrants()) {
      const [i0, i1] = q.highInterest ? [mid, high] : [low, mid];
      const [p0, p1] = q.highPower ? [mid, high] : [low, mid];
      const x0 = a.x(i0);
      const x1 = a.x(i1);
      const y0 = a.y(p1);
      const y1 = a.y(p0);
      background.append(draw("rect", { class: "map-quadrant", x: x0, y: y0, width: x1 - x0, height: y1 - y0,
        fill: q.colour, "fill-opacity": 0.13 }));
      const lines = wrap(String(q.label || ""), (x1 - x0 - 12) / (11 * 0.58));
      const anchor = q.highInterest ? "end" : "start";
      const x = q.highInterest ? x1 - 6 : x0 + 6;
      const first = q.highPower ? y0 + 15 : y1 - 8 - (lines.length - 1) * 13;
      const name = draw("text", { class: "map-quadrant-name", x, y: first, "text-anchor": anchor });
      lines.forEach((line, i) => name.append(draw("tspan", { x, y: first + i * 13, text: line })));
      background.append(name);
    }
    // Whole numbers on both scales, a light grid, and the line between low and high.
    for (let v = s.min; v <= s.max; v += 1) {
      background.append(
        draw("line", { class: "map-grid", x1: a.x(v), x2: a.x(v), y1: TOP, y2: TOP + PLOT }),
        draw("line", { class: "map-grid", x1: LEFT, x2: LEFT + PLOT, y1: a.y(v), y2: a.y(v) }),
        draw("text", { class: "map-tick", x: a.x(v), y: TOP + PLOT + 16, "text-anchor": "middle", text: String(v) }),
        draw("text", { class: "map-tick", x: LEFT - 7, y: a.y(v) + 4, "text-anchor": "end", text: String(v) }),
      );
    }
    background.append(
      draw("line", { class: "map-middle", x1: a.x(mid), x2: a.x(mid), y1: TOP, y2: TOP + PLOT }),
      draw("line", { class: "map-middle", x1: LEFT, x2: LEFT + PLOT, y1: a.y(mid), y2: a.y(mid) }),
      draw("rect", { class: "map-frame", x: LEFT, y: TOP, width: PLOT, height: PLOT }),
      draw("text", { class: "map-axis", x: LEFT + PLOT / 2, y: HEIGHT - 10, "text-anchor": "middle",
        text: `${t("interest")} \u2192` }),
      draw("text", { class: "map-axis", x: 0, y: 0, "text-anchor": "middle",
        transform: `translate(18 ${TOP + PLOT / 2}) rotate(-90)`, text: `${t("power")} \u2192` }),
    );
    // The shapes' key, in words beside each shape.
    legend.replaceChildren(make("span", { class: "map-legend-title", text: t("legend") }));
    for (const q of quadrants()) {
      const icon = draw("svg", { viewBox: "-12 -12 24 24", class: "map-legend-icon", "aria-hidden": "true" },
        draw("path", { d: shapePath(q.symbol, MARKER), fill: q.colour, class: "map-shape" }));
      legend.append(make("span", { class: "map-legend-item" }, icon, make("span", { text: String(q.label || "") })));
    }
    for (const marker of markers.values()) {
      marker.g.remove();
      marker.label.remove();
    }
    markers.clear();
  }
  // A quadrant's name in lines of at most `room` characters.
  function wrap(text, room) {
    const lines = [];
    for (const word of text.split(/\s+/).filter(Boolean)) {
      const last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + word.length <= room) lines[last] += ` ${word}`;
      else lines.push(word);
    }
    return lines;
  }
  function makeMarker(key) {
    const shape = draw("path", { class: "map-shape" });
    const g = draw("g", { class: "map-marker", role: "button", tabindex: "0" },
      draw("circle", { class: "map-hit", r: HIT }), draw("circle", { class: "map-ring", r: HIT - 3 }), shape);
    g.id = `${uid}-marker-${++made}`;
    const label = draw("text", { class: "map-label-text", "data-marker": g.id });
    const marker = { g, shape, label };
    g.addEventListener("focus", () => {
      const p = find(key);
      if (p && nameKey(chosen()) !== key) choose(p.name);
    });
    g.addEventListener("keydown", (event) => moveByKey(event, key));
    g.addEventListener("pointerdown", (event) => {
      const p = find(key);
      if (event.button !== 0 || !p) return;
      event.preventDefault(); // no text selection; the focus is given here
      g.focus();
      try {
        g.setPointerCapture(event.pointerId);
      } catch (error) {}
      const at = { power: p.power, interest: p.interest };
      drag = { pointer: event.pointerId, key, name: p.name, start: at, at };
      g.classList.add("map-dragged");
    });
    g.addEventListener("pointermove", (event) => {
      if (!drag || drag.key !== key || event.pointerId !== drag.pointer) return;
      const at = pointAt(event);
      if (at && (at.power !== drag.at.power || at.interest !== drag.at.interest)) {
        drag.at = at;
        paintMarkers();
      }
    });
    const drop = (event, keep) => {
      if (!drag || drag.key !== key || event.pointerId !== drag.pointer) return;
      const { name, start, at } = drag;
      drag = null;
      g.classList.remove("map-dragged");
      if (keep && (at.power !== start.power || at.interest !== start.interest)) placeAt(name, at.power, at.interest);
      else paintMarkers();
    };
    g.addEventListener("pointerup", (event) => drop(event, true));
    g.addEventListener("pointercancel", (event) => drop(event, false));
    return marker;
  }
  function measure(label) {
    return (text) => {
      label.textContent = text;
      try {
        const width = label.getComputedTextLength();
        if (width > 0) return width;
      } catch (error) {}
      return text.length * LABEL_SIZE * 0.62; // not laid out yet: a generous guess
    };
  }
  function paintMarkers() {
    const a = axes(scale());
    const selected = nameKey(chosen());
    const seen = new Set();
    const stacked = new Map(); // "power:interest" -> names drawn there so far
    shown.forEach((p, i) => {
      const key = nameKey(p.name);
      seen.add(key);
      let marker = markers.get(key);
      if (!marker) {
        marker = makeMarker(key);
        markers.set(key, marker);
      }
      // Keeps the map's order (the Tab order) without moving a marker that is there already: moving a
      // focused element would take its focus away.
      if (markerLayer.children[i] !== marker.g) markerLayer.insertBefore(marker.g, markerLayer.children[i] || null);
      if (!marker.label.isConnected) labelLayer.append(marker.label);
      const at = drag && drag.key === key ? { ...p, ...drag.at } : p;
      const q = quadrant(at);
      const x = a.x(at.interest);
      const y = a.y(at.power);
      marker.g.setAttribute("transform", `translate(${x} ${y})`);
      marker.g.setAttribute("aria-label", t("marker", { name: p.name, power: at.power, interest: at.interest,
        quadrant: q.label }));
      marker.g.classList.toggle("map-selected", key === selected);
      marker.shape.setAttribute("d", shapePath(q.symbol, MARKER));
      marker.shape.setAttribute("fill", q.colour || "#767676");
      const spot = `${at.power}:${at.interest}`;
      const n = stacked.get(spot) || 0;
      stacked.set(spot, n + 1);
      const place = labelPlace(p.name, x, measure(marker.label));
      const down = y + 4 + n * LABEL_LINE <= TOP + PLOT - EDGE;
      marker.label.textContent = place.text;
      marker.label.setAttribute("x", place.x);
      marker.label.setAttribute("y", down ? y + 4 + n * LABEL_LINE : y + 4 - n * LABEL_LINE);
      marker.label.setAttribute("text-anchor", place.anchor);
    });
    for (const [key, marker] of markers) {
      if (seen.has(key)) continue;
      marker.g.remove();
      marker.label.remove();
      markers.delete(key);
    }
  }
  function paintChoices() {
    const all = (Array.isArray(model.get("names")) ? model.get("names") : []).filter((n) => typeof n === "string");
    const options = [...all];
    for (const p of shown) if (!options.some((n) => nameKey(n) === nameKey(p.name))) options.push(p.name);
    names.replaceChildren(...options.map((name) => make("option", { value: name })));
    const selected = nameKey(chosen());
    const waiting = all.filter((name) => !find(nameKey(name)));
    const focused = document.activeElement;
    const again = choices.contains(focused) ? focused.dataset.key : null;
    choices.replaceChildren(...waiting.map((name) => {
      const button = make("button", { type: "button", class: "map-button map-choice", text: name,
        "aria-pressed": String(nameKey(name) === selected) });
      button.dataset.key = nameKey(name);
      button.addEventListener("click", () => choose(name));
      return button;
    }));
    if (again) [...choices.children].find((b) => b.dataset.key === again)?.focus();
    choices.parentElement.hidden = !waiting.length;
  }
  function paintHint() {
    const name = chosen();
    const p = name ? find(nameKey(name)) : null;
    who.hint.textContent = !name ? ""
      : p ? t("chosenPlaced", { name: p.name, power: p.power, interest: p.interest, quadrant: quadrant(p).label })
        : t("chosenNew", { name });
  }
  // The boxes show where the chosen stakeholder is, until the participant types in them.
  function syncBoxes() {
    if (boxesFor === null) return;
    const p = find(boxesFor);
    if (p) setBoxes(String(p.power), String(p.interest));
    else {
      boxesFor = null;
      setBoxes("", "");
    }
  }
  function setBoxes(powerText, interestText) {
    for (const [part, text] of [[power, powerText], [interest, interestText]]) {
      if (part.box.value !== text) part.box.value = text;
      showProblem(part, "");
    }
  }
  function paint() {
    paintMarkers();
    paintChoices();
    paintHint();
    syncBoxes();
  }
  // A problem is said in words (strings.problem), not only in colour; the sign is for the eye only.
  function showProblem(part, text) {
    part.message.replaceChildren();
    part.message.hidden = !text;
    const described = [part.hint.id, text ? part.message.id : ""].filter(Boolean).join(" ");
    part.box.setAttribute("aria-describedby", described);
    if (!text) return part.box.removeAttribute("aria-invalid");
    part.box.setAttribute("aria-invalid", "true");
    part.message.append(make("span", { "aria-hidden": "true", text: "\u26a0 " }),
      make("strong", { text: `${t("problem")} ` }), text);
  }
  function paintStatus() {
    const piece = (text, ok) => {
      const kind = ok === true ? "ok" : ok === false ? "problem" : "neutral";
      const span = make("span", { class: `map-${kind}` });
      if (ok === true) span.append(make("span", { "aria-hidden": "true", text: "\u2713 " }));
      if (ok === false) span.append(make("span", { "aria-hidden": "true", text: "\u26a0 " }),
        make("strong", { text: `${t("problem")} ` }));
      span.append(text);
      statusLine.append(span, " ");
    };
    statusLine.replaceChildren();
    // While the kernel is gone, only that is said: no "Saved" that is no longer true.
    if (gone) return piece(t("gone"), false);
    const outcome = model.get("outcome") || {};
    if (outcome.text) piece(String(outcome.text), outcome.ok ?? null);
    const status = model.get("status") || {};
    if (status.text) piece(String(status.text), status.ok ?? null);
  }

  // -- what the participant does -------------------------------------------------------------
  function choose(name) {
    if (who.box.value !== name) who.box.value = name;
    chosenChanged();
  }
  function chosenChanged() {
    showProblem(who, "");
    const p = find(nameKey(chosen()));
    if (p) {
      boxesFor = nameKey(p.name);
      setBoxes(String(p.power), String(p.interest));
    } else if (boxesFor !== null) {
      boxesFor = null; // someone not on the map: no position until placed
      setBoxes("", "");
    }
    paintMarkers();
    paintChoices();
    paintHint();
  }
  function needName() {
    const name = chosen();
    if (!name) showProblem(who, t("nameNeeded"));
    return name;
  }
  function placeAt(name, powerValue, interestValue) {
    showProblem(who, "");
    if (who.box.value.trim() !== name) who.box.value = name;
    boxesFor = nameKey(name);
    act({ type: "place", name, power: powerValue, interest: interestValue });
    paintHint();
  }
  // Reads every box as it is on screen now.
  function placeFromBoxes() {
    const name = needName();
    const s = scale();
    const read = (part) => {
      const value = wholeNumber(part.box.value, s);
      const typed = part.box.value.trim();
      showProblem(part, value !== null ? "" : typed ? t("numberRefused", { value: typed }) : t("numberMissing"));
      return value;
    };
    const powerValue = read(power);
    const interestValue = read(interest);
    const wrong = [!name && who, powerValue === null && power, interestValue === null && interest].find(Boolean);
    if (wrong) return wrong.box.focus();
    placeAt(name, powerValue, interestValue);
  }
  function removeChosen() {
    const name = needName();
    if (!name) return who.box.focus();
    const p = find(nameKey(name));
    if (!p) {
      showProblem(who, t("notOnMap", { name }));
      return who.box.focus();
    }
    act({ type: "remove", name: p.name });
    paintHint();
  }
  function pointAt(event) {
    const matrix = drawing.getScreenCTM();
    if (!matrix) return null;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const s = scale();
    const a = axes(s);
    return { power: snap(a.powerAt(point.y), s), interest: snap(a.interestAt(point.x), s) };
  }
  function moveByKey(event, key) {
    const steps = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] }[event.key];
    const p = find(key);
    if (!steps || !p || event.ctrlKey || event.altKey || event.metaKey || event.shiftKey) return;
    event.preventDefault(); // the page does not scroll
    const s = scale();
    const to = { power: snap(p.power + steps[0], s), interest: snap(p.interest + steps[1], s) };
    if (to.power !== p.power || to.interest !== p.interest) placeAt(p.name, to.power, to.interest);
  }
  plot.addEventListener("click", (event) => {
    const at = pointAt(event);
    const name = needName();
    if (!name) return who.box.focus();
    if (at) placeAt(name, at.power, at.interest);
  });
  who.box.addEventListener("input", chosenChanged);
  for (const part of [power, interest]) {
    part.box.addEventListener("input", () => {
      boxesFor = null; // as typed from now on
      showProblem(part, "");
    });
    part.box.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
      event.preventDefault();
      const s = scale();
      const typed = part.box.value.trim();
      const now = /^\d{1,9}$/.test(typed) ? Number(typed) : null;
      part.box.value = String(now === null ? s.min : snap(now + (event.key === "ArrowUp" ? 1 : -1), s));
      boxesFor = null;
      showProblem(part, "");
    });
  }
  placeButton.addEventListener("click", placeFromBoxes);
  removeButton.addEventListener("click", removeChosen);
  // Keys typed here are the participant's, not JupyterLab's notebook shortcuts ("m", "x", arrows...).
  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === "Tab" || event.key === "Escape" || (event.key === "Enter" && event.shiftKey)) return;
    event.stopPropagation();
    if (event.key !== "Enter" || event.isComposing) return;
    if (event.target === who.box) {
      event.preventDefault();
      power.box.focus();
    } else if (event.target === power.box || event.target === interest.box) {
      event.preventDefault();
      placeFromBoxes();
    }
  });

  // -- changes from the kernel ---------------------------------------------------------------
  model.on("change:names", paintChoices);
  model.on("change:status change:outcome", paintStatus);
  model.on("change:strings change:quadrants change:scale", () => {
    build();
    paint();
    paintStatus();
  });

  // -- start: bring back changes made while the kernel was gone -------------------------------
  build();
  paint();
  paintStatus();
  const kept = stored();
  const back = kept && kept.acked === false ? cleanPlacements(kept.placements) : null;
  if (back && !samePlacements(back, kernel)) act({ type: "restore", placements: back });

  // Only a map the participant can see asks whether the kernel is there: a notebook has several widgets.
  let onScreen = false;
  const watcher = typeof IntersectionObserver === "function"
    ? new IntersectionObserver((entries) => { onScreen = entries.some((entry) => entry.isIntersecting); })
    : null;
  if (watcher) watcher.observe(root);
  else onScreen = true;
  const ping = () => {
    if (onScreen) send({ type: "ping" });
  };
  const pinger = setInterval(() => {
    if (document.visibilityState === "visible") ping();
  }, PING_EVERY);
  const onVisibility = () => {
    if (document.visibilityState === "visible") ping(); // back on the tab: is the kernel still there?
  };
  document.addEventListener("visibilitychange", onVisibility);
  // Names are measured once the drawing is laid out (it may be drawn before it is on the page).
  const sizes = typeof ResizeObserver === "function" ? new ResizeObserver(() => paintMarkers()) : null;
  if (sizes) sizes.observe(drawing);
  return () => {
    alive = false;
    clearInterval(pinger);
    if (watcher) watcher.disconnect();
    if (sizes) sizes.disconnect();
    document.removeEventListener("visibilitychange", onVisibility);
  };
}

export default { render };
