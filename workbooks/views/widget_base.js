// What every anywidget of ours shares: static.widget_esm() puts this file in front of each widget's own
// module (anywidget loads one module text per widget, so there is no import between them).

// Fills "{name}" in a text from the "strings" trait; an unknown name stays as it is.
export const fill = (template, params) =>
  String(template ?? "").replace(/\{(\w+)\}/g, (all, name) => (name in params ? String(params[name]) : all));

// Participant text only ever goes in through textContent or value, never as HTML.
function make(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

// The browser's own copy (localStorage). Storage may be blocked or full: then the kernel's copy is all there is.
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

