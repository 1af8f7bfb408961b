// Keeper: the hand-in panel's participant ID box and download button. Why it exists: see keeper.py.
// One click asks the kernel for the hand-in notebook and saves it; when the kernel does not answer, the
// browser saves the answers file itself from its copy. Every word shown comes from the "strings" trait,
// so nothing here is in English; participant text only ever goes in through textContent or value.

const REPLY_WAIT = 3000; // ms the kernel may take to answer before the browser acts on its own

const fill = (template, params) =>
  String(template ?? "").replace(/\{(\w+)\}/g, (all, key) => (key in params ? String(params[key]) : all));

function make(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

// Storage may be blocked or full: then the kernel's copy is all there is.
function readStore(key) {
  if (!key) return null;
  try {
    const data = JSON.parse(localStorage.getItem(key));
    return data && typeof data === "object" ? data : null;
  } catch (error) {
    return null;
  }
}
function writeStore(key, data) {
  if (!key) return;
  try {
    localStorage.setItem(key, JSON.stringify(data));
  } catch (error) {}
}

// A table's rows as the kernel keeps them: every value trimmed, rows with nothing in them dropped.
function draftRows(rows) {
  if (!Array.isArray(rows)) return null;
  return rows
    .filter((row) => row && typeof row === "object")
    .map((row) =>
      Object.fromEntries(Object.entries(row).map(([name, value]) => [name, typeof value === "string" ? value.trim() : ""])),
    )
    .filter((row) => Object.values(row).some((value) => value !== ""));
}

// A save time as Python writes it (UTC, microseconds), so that "newest" compares alike.
const isoNow = () => new Date().toISOString().replace("Z", "000+00:00");
const hasExercises = (answers) => !!answers && typeof answers === "object" && !!answers.exercises
  && typeof answers.exercises === "object";

function render({ model, el }) {
  const uid = `wb-keeper-${Math.random().toString(36).slice(2, 10)}`;
  const t = (key, params = {}) => fill((model.get("strings") || {})[key], params);
  const pending = new Map(); // seq -> {kind, timer, late}
  let seq = 0;
  let gone = false; // the kernel is not answering
  let alive = true;
  let kernelId = (model.get("answers") || {}).participant_id || "";

  const root = make("div", { class: "workbooks-keeper" });
  const offer = make("div", { class: "keeper-offer" });
  const offerHelp = make("p", { class: "keeper-note" });
  const offerButton = make("button", { type: "button", class: "keeper-button" });
  offer.append(offerHelp, offerButton);
  offer.hidden = true;
  const input = make("input", {
    type: "text", id: `${uid}-id`, class: "keeper-input", autocomplete: "off", spellcheck: "false",
    "aria-describedby": `${uid}-idmsg`,
  });
  const label = make("label", { for: input.id, class: "keeper-label" });
  const idMessage = make("div", { id: `${uid}-idmsg`, class: "keeper-message", role: "status", "aria-live": "polite" });
  const download = make("button", { type: "button", class: "keeper-button keeper-download" });
  const statusLine = make("div", { class: "keeper-status", role: "status", "aria-live": "polite" });
  const reminder = make("p", { class: "keeper-note keeper-reminder" });
  root.append(offer, make("div", { class: "keeper-id" }, label, input, idMessage), download, statusLine, reminder);
  el.append(root);

  function words() {
    label.textContent = t("idLabel");
    input.placeholder = t("idPlaceholder");
    download.textContent = t("download");
    paintReminder();
  }

  // A message in words; a problem says so in a word too, never only in colour. Signs are for the eye only.
  function say(element, text, kind) {
    element.replaceChildren();
    if (!text) return;
    const line = make("span", { class: `keeper-${kind}` });
    if (kind === "ok") line.append(make("span", { "aria-hidden": "true", text: "\u2713 " }));
    if (kind === "problem") {
      line.append(make("span", { "aria-hidden": "true", text: "\u26a0 " }), make("strong", { text: `${t("problem")} ` }));
    }
    line.append(text);
    element.append(line);
  }

  // -- the participant ID --------------------------------------------------------------------
  const validId = (value) => {
    try {
      return typeof value === "string" && new RegExp(model.get("id_pattern")).test(value);
    } catch (error) {
      return false;
    }
  };
  const typedId = () => input.value.trim();
  input.value = kernelId;
  let sentId = kernelId;
  function rememberId() {
    // Kept beside the browser's copy of the answers: the file is named with it even with the kernel gone.
    const key = model.get("storage_key");
    const copy = readStore(key);
    const value = typedId();
    if (copy && validId(value)) writeStore(key, { ...copy, participant_id: value });
  }
  function sendId() {
    const value = typedId();
    if (value === sentId) return;
    sentId = value;
    rememberId();
    input.removeAttribute("aria-invalid");
    send({ type: "participant", participant_id: value }, "participant", () => say(idMessage, t("idKept"), "note"));
  }
  input.addEventListener("input", rememberId);
  input.addEventListener("change", sendId);

  // -- talking to the kernel -----------------------------------------------------------------
  // Returns false when the message could not go out at all; onLate runs when no answer came in time.
  function send(message, kind, onLate) {
    const s = ++seq;
    if (gone) {
      onLate();
      return false;
    }
    try {
      model.send({ ...message, seq: s });
    } catch (error) {
      gone = true; // the connection is closed: the kernel was restarted or shut down
      onLate();
      return false;
    }
    const entry = { kind, late: false };
    entry.timer = setTimeout(() => {
      if (!alive) return;
      entry.late = true;
      gone = true;
      onLate();
    }, REPLY_WAIT);
    pending.set(s, entry);
    return true;
  }
  model.on("msg:custom", (message) => {
    if (!message || typeof message.seq !== "number") return;
    gone = false; // an answer proves the kernel is there
    const entry = pending.get(message.seq);
    if (!entry) return;
    pending.delete(message.seq);
    clearTimeout(entry.timer);
    // The browser already saved the answers file: a second file, later, would only confuse.
    if (entry.kind === "download" && entry.late) return;
    const text = typeof message.text === "string" ? message.text : "";
    if (entry.kind === "participant") {
      if (message.ok) input.removeAttribute("aria-invalid");
      else input.setAttribute("aria-invalid", "true");
      say(idMessage, text, message.ok ? "ok" : "problem");
    } else if (entry.kind === "download" && message.type === "file" && message.ok) {
      saved(message.name, Uint8Array.from(atob(message.content), (c) => c.charCodeAt(0)), "application/x-ipynb+json");
      say(statusLine, text, "ok");
    } else if (entry.kind === "restore" && message.ok) {
      offer.hidden = true;
      download.focus(); // the button that had focus is gone; keep the keyboard user in the panel
      say(statusLine, text, "ok");
    } else say(statusLine, text, "problem");
  });
  // ipywidgets marks every model as no longer live when the kernel restarts or dies.
  model.on("comm_live_update", () => {
    gone = true;
  });

  // -- the download button -------------------------------------------------------------------
  function saved(name, content, type) {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const link = make("a", { href: url, download: name, hidden: "" });
    root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    writeStore(model.get("download_key"), { time: Date.now() });
    paintReminder();
  }
  function paintReminder() {
    const last = readStore(model.get("download_key"));
    reminder.textContent = typeof last?.time === "number"
      ? t("downloadedAt", { time: new Date(last.time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) })
      : t("notDownloaded");
  }
  // The kernel is gone: the answers file from the browser's copy, with what was typed into sheets since.
  function saveOffline() {
    const typed = typedId();
    if (typed && !validId(typed)) return say(statusLine, t("badId", { value: typed }), "problem");
    const key = model.get("storage_key");
    const kept = readStore(key);
    const copy = hasExercises(model.get("answers")) ? model.get("answers") : kept?.answers;
    if (!hasExercises(copy)) return say(statusLine, t("noAnswer"), "problem");
    const answers = JSON.parse(JSON.stringify(copy));
    const keptId = validId(kept?.participant_id) ? kept.participant_id : "";
    const id = typed || answers.participant_id || keptId;
    answers.participant_id = id;
    let typedSince = false;
    for (const [exercise, { key: draftKey, shape }] of Object.entries(model.get("drafts") || {})) {
      const draft = readStore(draftKey);
      if (!draft || draft.acked !== false) continue;
      if (shape === "stakeholders") {
        // The stakeholder map: names with whole numbers from 0 to 10, as the kernel keeps them.
        const placed = (Array.isArray(draft.placements) ? draft.placements : []).filter((p) =>
          p && typeof p.name === "string" && p.name.trim()
          && [p.power, p.interest].every((n) => Number.isInteger(n) && n >= 0 && n <= 10));
        answers.exercises[exercise] = {
          stakeholders: placed.map((p) => ({ name: p.name.trim(), power: p.power, interest: p.interest })),
        };
      } else if (shape === "answers") {
        // A form (reflections): one record, kept as typed, as the kernel keeps it.
        const record = Array.isArray(draft.rows) && draft.rows[0] && typeof draft.rows[0] === "object"
          ? draft.rows[0] : null;
        if (!record) continue;
        answers.exercises[exercise] = {
          answers: Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === "string" ? v : ""])),
        };
      } else {
        const rows = draftRows(draft.rows);
        if (!rows) continue;
        answers.exercises[exercise] = { rows };
      }
      typedSince = true;
    }
    if (typedSince) answers.saved_at = isoNow();
    const names = model.get("file_names") || {};
    const name = id ? fill(names.withId, { id }) : names.withoutId;
    saved(name, JSON.stringify(answers, null, 1) + "\n", "application/json");
    writeStore(key, { answers, started: !!kept?.started || !model.get("fresh") || typedSince, participant_id: id,
      time: Date.now() });
    say(statusLine, t("offline", { file: name }), "note");
  }
  download.addEventListener("click", () => {
    say(statusLine, t("preparing"), "note");
    send({ type: "download", participant_id: typedId() }, "download", saveOffline);
  });

  // -- the browser's copy, and bringing it back ----------------------------------------------
  function keep() {
    const answers = model.get("answers");
    if (!hasExercises(answers)) return;
    const key = model.get("storage_key");
    const before = readStore(key);
    const started = !model.get("fresh");
    // Answers with nothing started never replace a copy that has some (a fresh notebook in the same place).
    if (!started && before?.started) return;
    writeStore(key, { answers, started, participant_id: answers.participant_id || before?.participant_id || "",
      time: Date.now() });
  }
  // The newest copy of this session's answers this browser kept, from any notebook.
  function newestKept() {
    const prefix = model.get("storage_prefix");
    const session = (model.get("answers") || {}).session;
    let best = null;
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (!prefix || !key || !key.startsWith(prefix)) continue;
        const copy = readStore(key);
        if (!copy?.started || !hasExercises(copy.answers) || copy.answers.session !== session) continue;
        if (!best || String(copy.answers.saved_at || "") > String(best.answers.saved_at || "")) best = copy;
      }
    } catch (error) {
      return null;
    }
    return best;
  }
  function when(copy) {
    const moment = new Date(copy.answers.saved_at || copy.time);
    const shown = Number.isNaN(moment.getTime()) ? new Date(copy.time) : moment;
    return shown.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  }
  let offered = null;
  function paintOffer() {
    offer.hidden = !offered || !model.get("fresh");
    if (!offered) return;
    offerHelp.textContent = t("offerHelp");
    offerButton.textContent = t("offer", { time: when(offered) });
  }
  offerButton.addEventListener("click", () => {
    if (!offered) return;
    send({ type: "restore", answers: offered.answers }, "restore", () => say(statusLine, t("noAnswer"), "problem"));
  });
  if (model.get("fresh")) offered = newestKept(); // looked for before this notebook's own copy is written
  keep();

  model.on("change:answers", () => {
    keep();
    // The kernel's ID changed (a restore): show it, unless the participant is typing in the box.
    const id = (model.get("answers") || {}).participant_id || "";
    if (id !== kernelId && document.activeElement !== input) {
      input.value = id;
      sentId = id;
    }
    kernelId = id;
  });
  model.on("change:fresh", paintOffer);
  model.on("change:strings", () => {
    words();
    paintOffer();
  });

  // Keys typed here are the participant's, not JupyterLab's notebook shortcuts ("m", "x", arrows...).
  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === "Tab" || event.key === "Escape" || (event.key === "Enter" && event.shiftKey)) return;
    event.stopPropagation();
    if (event.key === "Enter" && event.target === input && !event.isComposing) {
      event.preventDefault();
      sendId();
    }
  });

  words();
  paintOffer();
  return () => {
    alive = false;
    for (const entry of pending.values()) clearTimeout(entry.timer);
  };
}

export default { render };
