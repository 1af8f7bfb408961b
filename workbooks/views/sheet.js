// Sheet: an editable table (or a one-record form) of text boxes. Why it exists: see sheet.py.
// fill, make, readStore and writeStore come from widget_base.js, which Python puts in front of this file.
// Everything typed goes to the kernel as whole-content custom messages, in order; never through
// model.set/save_changes, which ipywidgets holds back while a message is pending. Every word shown
// comes from the "strings" trait, so nothing here is in English.

const TYPING_PAUSE = 300; // ms after the last key before the content is sent
const ACK_WAIT = 4000; // ms the kernel may take to answer before the sheet says it has stopped
// ms between "are you there?" messages while the tab is visible and nothing else is sent: each one makes
// the kernel busy for a moment, and a restart is noticed at once anyway (comm_live_update).
const PING_EVERY = 30000;

// Words as Python's \w+ counts them (letters, digits, underscore, in any script): the count shown as the
// participant types; the kernel's check, counting the same way, is what decides.
const WORD = /[\p{L}\p{M}\p{N}_]+/gu;
const countWords = (text) => (String(text).match(WORD) || []).length;

// Rows as [{name: text}], keeping only the declared fields; null if they are not rows of texts.
function cleanRows(data, names) {
  if (!Array.isArray(data)) return null;
  const rows = [];
  for (const item of data) {
    if (!item || typeof item !== "object") return null;
    rows.push(Object.fromEntries(names.map((name) => [name, typeof item[name] === "string" ? item[name] : ""])));
  }
  return rows;
}

function render({ model, el }) {
  const uid = `wb-sheet-${Math.random().toString(36).slice(2, 10)}`; // ids for aria-describedby
  const view = uid; // the kernel orders messages per view: a redrawn view starts counting again
  const fields = () => model.get("fields") || [];
  const names = () => fields().map((field) => field.name);
  const isForm = () => model.get("layout") === "form";
  // A table with one row per label (a mountain's phases) has those rows only: nothing to add or remove.
  const rowLabels = () => (isForm() ? [] : model.get("row_labels") || []);
  const fixed = () => rowLabels().length > 0;
  const t = (key, params = {}) => fill((model.get("strings") || {})[key], params);
  const blank = () => Object.fromEntries(names().map((name) => [name, ""]));
  // A form is exactly one record; a table always shows at least one row to type in.
  const shape = (data) => {
    const rows = cleanRows(data, names()) || [];
    if (isForm()) return [rows[0] || blank()];
    if (fixed()) return rowLabels().map((label, r) => rows[r] || blank());
    return rows.length ? rows : [blank()];
  };
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  let rows = shape(model.get("rows"));
  let seq = 0; // numbers this view's messages
  let acked = 0; // the newest message the kernel answered
  let contentSeq = 0; // the message that carried the current content
  let dirty = false; // content changed since it was last sent
  let gone = false; // the kernel is not answering
  let restarted = false; // the kernel was restarted: its being busy is no reason to wait for this view's answers
  let alive = true;
  let pause = null;
  let note = ""; // what the last add or remove did, from strings.added or strings.removed
  let lines = []; // per row: {el, head, remove, boxes: {name: {box, message, hint}}}
  let keysShown = model.get("row_keys") || []; // what the rows on screen stand for (fixed rows)

  const root = make("div", { class: "workbooks-sheet" });
  const body = make("div", { class: "sheet-body" });
  const add = make("button", { type: "button", class: "sheet-button sheet-add" });
  const statusLine = make("div", { class: "sheet-status", role: "status", "aria-live": "polite" });
  root.append(body, add, statusLine);
  el.append(root);
  let tbody = null;

  // -- browser storage: what was typed survives a dead kernel and a reload ----------------------
  function store(ackedContent) {
    const keys = model.get("row_keys") || []; // what each row stands for, for the Keeper
    writeStore(model.get("storage_key"), { rows, keys, time: Date.now(), acked: ackedContent });
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
  function sendRows(reason) {
    clearTimeout(pause);
    pause = null;
    dirty = false;
    // A copy: the message may wait in a queue while the participant types on.
    contentSeq = send({ type: "rows", rows: rows.map((row) => ({ ...row })), reason });
  }
  function changed(reason) {
    dirty = true;
    store(false);
    if (reason !== "typing") return sendRows(reason);
    clearTimeout(pause);
    pause = setTimeout(() => sendRows("typing"), TYPING_PAUSE);
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
    // The kernel holds the content now, unless it said it could not keep it.
    if (message.seq === contentSeq && !dirty && message.ok !== false) store(true);
  });
  // ipywidgets marks every model as no longer live when the kernel restarts or dies. (It may also
  // say so for a connection that comes back; the next ack then clears the notice.)
  model.on("comm_live_update", () => {
    restarted = true;
    setGone(true);
  });

  // -- drawing -------------------------------------------------------------------------------
  function makeBox(field) {
    if (Array.isArray(field.options) && field.options.length) {
      const list = make("select");
      for (const [value, text] of field.options) list.append(make("option", { value, text }));
      list.className = "sheet-input sheet-select";
      return list;
    }
    const box = field.multiline ? make("textarea", { rows: "3" }) : make("input", { type: "text" });
    box.className = "sheet-input";
    if (field.placeholder) box.placeholder = field.placeholder;
    return box;
  }
  function makeCell(field, i, r) {
    const box = makeBox(field);
    const message = make("div", { class: "sheet-message", id: `${uid}-m${r}-${i}` });
    message.hidden = true;
    // A live word count under the box ("12 words (at least 15 needed)"), read with the box's description.
    const counter = field.counter ? make("div", { class: "sheet-counter", id: `${uid}-c${r}-${i}` }) : null;
    return { box, message, counter, hint: field.hint ? `${uid}-h${i}` : "" };
  }
  function count(cell, field) {
    if (cell.counter) cell.counter.textContent = fill(field.counter, { count: countWords(cell.box.value) });
  }
  function tableLine(r) {
    const tr = make("tr");
    const head = make("th", { scope: "row", class: "sheet-rowhead" });
    const boxes = {};
    tr.append(head);
    fields().forEach((field, i) => {
      const cell = (boxes[field.name] = makeCell(field, i, r));
      // Shown above each box only when the table is drawn as cards (narrow outputs); the box has its own name.
      const label = make("div", { class: "sheet-cell-label", "aria-hidden": "true" });
      label.append(make("span", { text: field.label }));
      if (field.hint) label.append(make("span", { class: "sheet-hint", text: field.hint }));
      tr.append(make("td", {}, label, cell.box, cell.message));
    });
    if (fixed()) return { el: tr, head, remove: null, boxes };
    const remove = make("button", { type: "button", class: "sheet-button sheet-remove" });
    remove.addEventListener("click", () => removeRow(lines.findIndex((line) => line.el === tr)));
    tr.append(make("td", { class: "sheet-actions" }, remove));
    return { el: tr, head, remove, boxes };
  }
  function build() {
    body.replaceChildren();
    lines = [];
    tbody = null;
    add.hidden = isForm() || fixed();
    add.textContent = t("add");
    const caption = model.get("caption");
    if (isForm()) {
      const form = make("fieldset", { class: "sheet-form" });
      if (caption) form.append(make("legend", { text: caption }));
      const boxes = {};
      let group = form; // boxes under a heading go in a fieldset of their own, its legend the heading
      fields().forEach((field, i) => {
        if (field.group && field.group !== fields()[i - 1]?.group) {
          group = make("fieldset", { class: "sheet-group" }, make("legend", { text: field.group }));
          form.append(group);
        } else if (!field.group) group = form;
        const cell = (boxes[field.name] = makeCell(field, i, 0));
        cell.box.id = `${uid}-b${i}`;
        const part = make("div", { class: "sheet-field" }, make("label", { for: cell.box.id, text: field.label }));
        if (field.hint) part.append(make("div", { class: "sheet-hint", id: cell.hint, text: field.hint }));
        part.append(cell.box, ...(cell.counter ? [cell.counter] : []), cell.message);
        group.append(part);
      });
      lines = [{ el: form, head: null, remove: null, boxes }];
      body.append(form);
      return;
    }
    const hidden = (text) => make("th", { scope: "col" }, make("span", { class: "sheet-hidden", text }));
    const headers = make("tr", {}, hidden(t("rowHeader")));
    fields().forEach((field, i) => {
      const th = make("th", { scope: "col" }, make("span", { class: "sheet-label", text: field.label }));
      if (field.hint) th.append(make("span", { class: "sheet-hint", id: `${uid}-h${i}`, text: field.hint }));
      headers.append(th);
    });
    if (!fixed()) headers.append(hidden(t("remove")));
    tbody = make("tbody");
    const table = make("table", { class: "sheet-table" });
    if (caption) table.append(make("caption", { text: caption }));
    table.append(make("thead", {}, headers), tbody);
    body.append(table);
  }
  // A problem is said in words (strings.problem), not only in colour; the sign is for the eye only.
  const problemPrefix = () => [
    make("span", { "aria-hidden": "true", text: "\u26a0 " }),
    make("strong", { text: `${t("problem")} ` }),
  ];
  function showMessage(element, text) {
    element.replaceChildren();
    element.hidden = !text;
    if (text) element.append(...problemPrefix(), text);
  }
  // Brings the page in line with `rows`. Boxes are reused and a value only set when it differs,
  // so the box being typed in keeps its focus and caret.
  function paint() {
    while (!isForm() && lines.length < rows.length) {
      const line = tableLine(lines.length);
      lines.push(line);
      tbody.append(line.el);
    }
    while (!isForm() && lines.length > rows.length) lines.pop().el.remove();
    const problems = model.get("cell_messages") || {};
    const placeholders = model.get("cell_placeholders") || {};
    const closed = new Set(model.get("closed_cells") || []);
    const labels = rowLabels();
    lines.forEach((line, r) => {
      const n = r + 1;
      if (line.head) line.head.textContent = labels[r] ?? t("row", { n });
      if (line.remove) {
        line.remove.textContent = t("remove");
        line.remove.setAttribute("aria-label", t("removeRow", { n }));
      }
      fields().forEach((field) => {
        const cell = line.boxes[field.name];
        const { box, message, hint } = cell;
        box.dataset.row = String(r);
        box.dataset.field = field.name;
        const value = rows[r][field.name] ?? "";
        if (box.value !== value) box.value = value;
        if (!isForm()) {
          const name = labels[r] === undefined ? t("cell", { field: field.label, n })
            : t("namedCell", { field: field.label, row: labels[r] });
          box.setAttribute("aria-label", name);
        }
        const placeholder = placeholders[`${r}:${field.name}`] ?? field.placeholder ?? "";
        if (box.tagName !== "SELECT" && box.placeholder !== placeholder) box.placeholder = placeholder;
        box.disabled = closed.has(`${r}:${field.name}`); // a box that takes nothing: shown, never a tab stop
        const problem = problems[`${r}:${field.name}`];
        showMessage(message, typeof problem === "string" ? problem : "");
        if (problem) box.setAttribute("aria-invalid", "true");
        else box.removeAttribute("aria-invalid");
        count(cell, field);
        const described = [hint, cell.counter?.id, problem ? message.id : ""].filter(Boolean).join(" ");
        if (described) box.setAttribute("aria-describedby", described);
        else box.removeAttribute("aria-describedby");
      });
    });
  }
  function paintStatus() {
    const status = model.get("status") || {};
    const piece = (text, ok) => {
      const kind = ok === true ? "ok" : ok === false ? "problem" : "neutral";
      const span = make("span", { class: `sheet-${kind}` });
      if (ok === true) span.append(make("span", { "aria-hidden": "true", text: "\u2713 " }));
      if (ok === false) span.append(...problemPrefix());
      span.append(text);
      statusLine.append(span, " ");
    };
    statusLine.replaceChildren();
    // While the kernel is gone, only that is said: no "Saved" that is no longer true.
    if (gone) return piece(t("gone"), false);
    if (note) piece(note, null);
    if (status.text) piece(String(status.text), status.ok ?? null);
  }

  // -- what the participant does -------------------------------------------------------------
  const focusCell = (r, name) => lines[r]?.boxes[name]?.box.focus();
  function addRow() {
    rows.push(blank());
    paint();
    note = t("added", { n: rows.length });
    paintStatus();
    changed("add");
    focusCell(rows.length - 1, names()[0]);
  }
  function removeRow(r) {
    if (r < 0 || r >= rows.length) return;
    rows.splice(r, 1);
    if (!rows.length) rows.push(blank());
    paint();
    note = t("removed", { n: r + 1 });
    paintStatus();
    changed("remove");
    // The row that took its place (or the one above, if it was the last): the keyboard user carries on there.
    focusCell(Math.min(r, rows.length - 1), names()[0]);
  }
  add.addEventListener("click", addRow);
  root.addEventListener("input", (event) => {
    const box = event.target;
    if (!box.classList?.contains("sheet-input")) return;
    rows[Number(box.dataset.row)][box.dataset.field] = box.value;
    const field = fields().find((f) => f.name === box.dataset.field);
    const cell = lines[Number(box.dataset.row)]?.boxes[box.dataset.field];
    if (field && cell) count(cell, field);
    if (note) {
      note = "";
      paintStatus();
    }
    changed(box.tagName === "SELECT" ? "pick" : "typing"); // a pick is whole at once: sent without waiting
  });
  root.addEventListener("focusout", () => {
    if (dirty) sendRows("blur");
  });
  // Keys typed here are the participant's, not JupyterLab's notebook shortcuts ("m", "x", arrows...).
  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    if (event.key === "Tab" || event.key === "Escape" || (event.key === "Enter" && event.shiftKey)) return;
    event.stopPropagation();
    const box = event.target;
    const oneLine = box.tagName === "INPUT" && box.classList.contains("sheet-input");
    if (event.key !== "Enter" || event.isComposing || !oneLine) return;
    event.preventDefault();
    const r = Number(box.dataset.row);
    const order = names();
    if (isForm()) focusCell(0, order[order.indexOf(box.dataset.field) + 1]);
    else if (r === rows.length - 1) {
      if (!fixed()) addRow();
    }
    else focusCell(r + 1, box.dataset.field);
  });

  // -- changes from the kernel ---------------------------------------------------------------
  function fromKernel() {
    const incoming = shape(model.get("rows"));
    const active = document.activeElement;
    let kept = false;
    // Rows that stand for other things now (another model's phases) take nothing from the old ones.
    const sameRows = same(model.get("row_keys") || [], keysShown);
    keysShown = model.get("row_keys") || [];
    if (sameRows && root.contains(active) && active.classList.contains("sheet-input")) {
      // Never overwrite the box being typed in; the kernel is sent what is on screen instead.
      const r = Number(active.dataset.row);
      if (incoming[r] && incoming[r][active.dataset.field] !== active.value) {
        incoming[r][active.dataset.field] = active.value;
        kept = true;
      }
    }
    rows = incoming;
    paint();
    if (kept) changed("typing");
    else if (!dirty) store(true);
  }
  model.on("change:_rows_version", fromKernel);
  model.on("change:fields change:layout change:caption change:strings change:row_labels", () => {
    rows = shape(rows);
    build();
    paint();
    paintStatus();
  });
  model.on("change:cell_messages change:cell_placeholders change:closed_cells", paint);
  model.on("change:status", paintStatus);

  // -- start: bring back what was typed while the kernel was gone ----------------------------
  const kept = stored();
  // Only rows that stand for what these rows stand for (a draft of another model's phases is not brought back).
  const ours = kept && kept.acked === false && same(kept.keys || [], keysShown);
  const back = ours ? cleanRows(kept.rows, names()) : null;
  if (back && !same(shape(back), rows)) {
    rows = shape(back);
    note = t("back");
  }
  build();
  paint();
  paintStatus();
  if (note) sendRows("restore");

  // A table too narrow for its columns is drawn as cards (sheet.css): about 11em a column, plus the row's
  // number and its button that removes it.
  const fit = () => {
    const em = parseFloat(getComputedStyle(root).fontSize) || 14;
    root.classList.toggle("sheet-cards", !isForm() && root.clientWidth < (fields().length * 11 + 7) * em);
  };
  const sizes = typeof ResizeObserver === "function" ? new ResizeObserver(fit) : null;
  if (sizes) sizes.observe(root);
  fit();

  // Only a sheet the participant can see asks whether the kernel is there: a notebook has several.
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
    if (document.visibilityState === "hidden") {
      if (dirty) sendRows("blur");
    } else ping(); // back on the tab: find out at once whether the kernel is still there
  };
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    if (dirty) sendRows("blur");
    alive = false;
    clearInterval(pinger);
    clearTimeout(pause);
    if (watcher) watcher.disconnect();
    if (sizes) sizes.disconnect();
    document.removeEventListener("visibilitychange", onVisibility);
  };
}

export default { render };
