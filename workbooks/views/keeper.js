// Keeper: the hand-in panel's participant ID box, download button and restore button. Why: see keeper.py.
// One click asks the kernel for the hand-in notebook and saves it; when the kernel does not answer, the
// browser saves the answers file itself from its copy. Restoring reads the chosen file here and sends it
// to the kernel as a binary buffer. Every word shown comes from the "strings" trait, so nothing here is
// in English; participant text (and file names) only ever goes in through textContent or value.
// fill, make, readStore and writeStore come from widget_base.js, which Python puts in front of this file.

const REPLY_WAIT = 3000; // ms the kernel may take to answer before the browser acts on its own
// Restoring also sends the file and refreshes every exercise: ms to wait, plus one per kilobyte sent.
const RESTORE_WAIT = 10000;
const MAX_SHOWN_NAME = 80; // characters of a chosen file's name said back (keeper.py cuts it alike)
// Run All of a fresh notebook ends on its last cell, this panel: the view goes back to the top once the
// notebook has stopped growing (JupyterLab keeps its last cell in view while outputs arrive).
const SETTLED = 500; // ms without the notebook's content changing size
const SETTLE_MAX = 8000; // ms after which the view goes to the top all the same

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

// A form's one record (checklists, reflections), or null.
const firstRecord = (draft) =>
  Array.isArray(draft.rows) && draft.rows[0] && typeof draft.rows[0] === "object" ? draft.rows[0] : null;
// The longest text the kernel takes in one box or line (models.MAX_TEXT). Longer text in a draft is cut
// here, as the kernel cuts a table's cells: text it refuses would make it set the whole exercise aside.
// (Cut by UTF-16 units, never longer than Python's count of characters.)
const MAX_TEXT = 4000;
const capped = (text) => text.slice(0, MAX_TEXT);
// A checklist box's items: a line each, trimmed, blank lines dropped.
const itemLines = (text) => (typeof text === "string" ? text.split(/\r\n|\r|\n/) : [])
  .map((line) => capped(line.trim())).filter(Boolean);

// What each row of a fixed-row table stands for (phases), when the draft has a key for each of its rows.
const rowKeys = (draft) => (Array.isArray(draft.keys) && Array.isArray(draft.rows)
  && draft.keys.length === draft.rows.length && draft.keys.every((key) => typeof key === "string")
  ? draft.keys : null);
// A head count as kinds/pathway.py reads it: 1200, 1,200 or 1 200; null if it is not one.
const COUNT = /^(?:[0-9]+|[0-9]{1,3}(?:[, \u00a0\u202f][0-9]{3})+)$/;
const MAX_PEOPLE = 10000000;
function headCount(text) {
  const trimmed = text.trim();
  if (!COUNT.test(trimmed)) return null;
  const value = Number(trimmed.replace(/[^0-9]/g, ""));
  return value <= MAX_PEOPLE ? value : null;
}

// A save time as Python writes it (UTC, microseconds), so that "newest" compares alike.
const isoNow = () => new Date().toISOString().replace("Z", "000+00:00");
const hasExercises = (answers) => !!answers && typeof answers === "object" && !!answers.exercises
  && typeof answers.exercises === "object";

// A chosen file's name as it is said back: its last part, without control characters, not too long.
function shownName(name) {
  const last = String(name ?? "").split(/[\\/]/).pop().replace(/\p{C}/gu, "").trim();
  const half = MAX_SHOWN_NAME / 2;
  return last.length > MAX_SHOWN_NAME ? `${last.slice(0, half)}\u2026${last.slice(-half)}` : last;
}

// The notebooks of this page already taken to their top (JupyterLab is one page with many notebooks).
const takenToTop = (globalThis[Symbol.for("workbooks-keeper-top")] ??= new WeakSet());
// Something the participant does meanwhile: then the view stays where they are.
const USER_ACTIONS = ["pointerdown", "keydown", "wheel", "touchstart"];

// Once per notebook: when its content has stopped changing size, show its top (its first cell).
// Scrolling only: the focus and JupyterLab's active cell stay where they are. Returns a cancel function.
function showTopOnce(el) {
  const started = Date.now();
  let stop = () => {};
  let cancelled = false;
  const begin = () => {
    if (cancelled) return;
    const scroller = el.closest(".jp-WindowedPanel-outer") || el.closest(".jp-Notebook");
    if (!scroller) {
      // Not in the page yet: JupyterLab attaches an output a moment after it is drawn.
      if (!el.isConnected && Date.now() - started < SETTLE_MAX) setTimeout(begin, 100);
      return;
    }
    if (takenToTop.has(scroller)) return;
    takenToTop.add(scroller);
    const page = scroller.ownerDocument;
    let timer = null;
    const watcher = typeof ResizeObserver === "function" ? new ResizeObserver(() => settle()) : null;
    stop = () => {
      clearTimeout(timer);
      watcher?.disconnect();
      for (const name of USER_ACTIONS) page.removeEventListener(name, stop, true);
    };
    const toTop = () => {
      stop();
      scroller.scrollTo({ top: 0, left: scroller.scrollLeft, behavior: "instant" });
    };
    const settle = () => {
      clearTimeout(timer);
      timer = setTimeout(toTop, Math.max(0, Math.min(SETTLED, started + SETTLE_MAX - Date.now())));
    };
    for (const name of USER_ACTIONS) page.addEventListener(name, stop, { capture: true, passive: true });
    for (const part of scroller.querySelectorAll(":scope > *, :scope > * > *")) watcher?.observe(part);
    settle();
  };
  begin();
  return () => {
    cancelled = true;
    stop();
  };
}

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
  const restoreTitle = make("h5", { class: "keeper-restore-title" });
  const restoreHelp = make("p", { class: "keeper-restore-help" });
  const restoreButton = make("button", { type: "button", class: "keeper-button keeper-restore" });
  // The file box is never seen nor a tab stop: the button is the one control, and it has the name.
  const chooser = make("input", {
    type: "file", accept: ".ipynb,.json", class: "keeper-restore-file", tabindex: "-1", "aria-hidden": "true",
  });
  const restoreStatus = make("div", { class: "keeper-status", role: "status", "aria-live": "polite" });
  const restoreSection = make("div", { class: "keeper-restore-section" },
    restoreTitle, restoreHelp, restoreButton, chooser, restoreStatus);
  root.append(offer, make("div", { class: "keeper-id" }, label, input, idMessage), download, statusLine, reminder,
    restoreSection);
  el.append(root);

  function words() {
    label.textContent = t("idLabel");
    input.placeholder = t("idPlaceholder");
    download.textContent = t("download");
    restoreTitle.textContent = t("restoreTitle");
    restoreHelp.textContent = t("restoreHelp");
    restoreButton.textContent = t("restore");
    chooser.setAttribute("aria-label", t("restore"));
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
  function send(message, kind, onLate, { buffers = [], wait = REPLY_WAIT } = {}) {
    const s = ++seq;
    if (gone) {
      onLate();
      return false;
    }
    try {
      model.send({ ...message, seq: s }, undefined, buffers);
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
    }, wait);
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
    } else if (entry.kind === "restoreFile") {
      // Also when late: the answer that came replaces "needs the workbook running".
      say(restoreStatus, text, message.ok ? "ok" : "problem");
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
      } else if (shape === "items") {
        // A checklist: a box per section, an item per line, as the kernel keeps them (trimmed, none empty;
        // a repeat is dropped when the file is read).
        const record = firstRecord(draft);
        if (!record) continue;
        answers.exercises[exercise] = {
          items: Object.fromEntries(Object.entries(record).map(([section, text]) => [section, itemLines(text)])),
        };
      } else if (shape === "phases") {
        // The mountain: a row per phase (the draft's keys) of the model the kernel last had, boxes as typed.
        const kept = answers.exercises[exercise];
        const order = rowKeys(draft);
        if (!kept || !order) continue;
        const phases = { ...(kept.phases && typeof kept.phases === "object" ? kept.phases : {}) };
        order.forEach((phase, r) => {
          const row = draft.rows[r] && typeof draft.rows[r] === "object" ? draft.rows[r] : {};
          const had = phases[phase] && typeof phases[phase] === "object" ? phases[phase] : {};
          // As the kernel keeps them: a box emptied stays as "", a box never typed in stays out.
          const typed = Object.entries(row).filter(([name, value]) => typeof value === "string"
            && (value !== "" || name in had));
          if (typed.length) {
            phases[phase] = { ...had, ...Object.fromEntries(typed.map(([name, value]) => [name, capped(value)])) };
          }
        });
        answers.exercises[exercise] = { lens: kept.lens, phases };
      } else if (shape === "counts") {
        // The pathway: a row per phase (the draft's keys), people there and how many moved on, as whole
        // numbers as the kernel reads them; a box that is not a number keeps the kernel's copy.
        const kept = answers.exercises[exercise] || {};
        const order = rowKeys(draft);
        if (!order) continue;
        const counts = { people: { ...(kept.people || {}) }, moved_on: { ...(kept.moved_on || {}) } };
        order.forEach((phase, r) => {
          for (const which of ["people", "moved_on"]) {
            const typed = draft.rows[r]?.[which];
            if (typeof typed !== "string") continue;
            if (!typed.trim()) delete counts[which][phase];
            else if (headCount(typed) !== null) counts[which][phase] = headCount(typed);
          }
        });
        answers.exercises[exercise] = counts;
      } else if (shape === "records") {
        // A scorecard: a row per item (the draft's keys), a score picked from a list and notes as typed;
        // the kernel reads the score's digits and checks its range when the file is read.
        const order = rowKeys(draft);
        if (!order) continue;
        const records = {};
        order.forEach((item, r) => {
          const row = draft.rows[r] && typeof draft.rows[r] === "object" ? draft.rows[r] : {};
          const record = {};
          for (const [name, value] of Object.entries(row)) {
            if (typeof value !== "string" || !value.trim()) continue;
            if (name !== "score") record[name] = capped(value);
            else if (/^[0-9]{1,3}$/.test(value.trim())) record.score = Number(value.trim());
          }
          if (Object.keys(record).length) records[item] = record;
        });
        answers.exercises[exercise] = { records };
      } else if (shape === "scores") {
        // Ratings: a drop-down list per item, "" for not rated; a score from 0 to 5 as the kernel keeps it.
        const record = firstRecord(draft);
        if (!record) continue;
        const scores = {};
        for (const [item, picked] of Object.entries(record)) {
          if (typeof picked === "string" && /^[0-5]$/.test(picked)) scores[item] = Number(picked);
        }
        answers.exercises[exercise] = { scores };
      } else if (shape === "chosen") {
        // A choice: a drop-down list per slot, in order. A pick already in an earlier slot is one the kernel
        // refused: that slot keeps the kernel's pick, if it is not taken either.
        const record = firstRecord(draft);
        if (!record) continue;
        const before = Array.isArray(answers.exercises[exercise]?.chosen) ? answers.exercises[exercise].chosen : [];
        const chosen = [];
        Object.values(record).forEach((picked, slot) => {
          const pick = typeof picked === "string" ? picked : "";
          const earlier = typeof before[slot] === "string" ? before[slot] : "";
          chosen.push(!pick || !chosen.includes(pick) ? pick : chosen.includes(earlier) ? "" : earlier);
        });
        answers.exercises[exercise] = { chosen };
      } else if (shape === "answers") {
        // A form (reflections): one record, kept as typed, as the kernel keeps it.
        const record = firstRecord(draft);
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

  // -- restoring a downloaded file -------------------------------------------------------------
  const needsKernel = () => say(restoreStatus, t("restoreNeedsKernel"), "problem");
  restoreButton.addEventListener("click", () => {
    if (gone) return needsKernel(); // no file to choose in vain
    chooser.click();
  });
  chooser.addEventListener("change", async () => {
    const file = chooser.files?.[0];
    if (!file) return;
    const name = shownName(file.name) || t("unnamedFile");
    let content = null;
    try {
      if (file.size > model.get("max_file_bytes")) {
        return say(restoreStatus, t("restoreTooBig", { file: name }), "problem");
      }
      if (gone) return needsKernel();
      content = await file.arrayBuffer();
    } catch (error) {
      return say(restoreStatus, t("restoreUnreadable", { file: name }), "problem");
    } finally {
      chooser.value = ""; // the same file can be chosen again
    }
    say(restoreStatus, t("restoring", { file: name }), "note");
    send({ type: "restore_file", name }, "restoreFile", needsKernel,
      { buffers: [content], wait: RESTORE_WAIT + content.byteLength / 1000 });
  });

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
  const cancelGoingToTop = model.get("fresh") ? showTopOnce(el) : () => {};
  return () => {
    alive = false;
    cancelGoingToTop();
    for (const entry of pending.values()) clearTimeout(entry.timer);
  };
}

export default { render };
