// Keyboard and screen-reader access for one live figure (gmm_lab.course.widgets.access).
//
// An anywidget ES module: the kernel sends this text with the widget, JupyterLab imports it
// from a blob URL (nothing is fetched from elsewhere). Its view is a hidden child of the
// figure's VBox (class gmm-figure); once attached, it mends what ipywidgets 8.1 leaves out:
//  - the figure becomes a group named by its title (screen readers say it on entering);
//  - each slider handle (noUiSlider, role=slider) is named by its visible label
//    (aria-labelledby) and its aria-valuetext is the readout as shown ("0.60"), not the
//    raw float noUiSlider writes ("0.6000000000000001"); aria-valuenow/min/max are exact
//    (noUiSlider rounds them to one decimal);
//  - the readout, which can be typed into, is named "<label>: type a value"; a dropdown is
//    named by its label, a step button by its words without the ◀ ▶ arrows;
//  - Escape in a control gives the focus back to the notebook cell (command mode), so that
//    arrow keys move between cells again instead of moving the slider;
//  - the figure image gets the alt text the kernel keeps up to date (model trait "alt");
//  - the status line is a polite live region: a change is read out after the new value.
// A MutationObserver re-applies this when ipywidgets re-renders a part (a readout's text,
// the aria-valuetext noUiSlider rewrites on every move). Every attribute is written only
// when it differs, so the observer's own writes end the loop.

let counter = 0;
const uid = Math.random().toString(36).slice(2, 8);

function setAttr(el, name, value) {
  if (el && el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function mendSlider(slider) {
  const label = slider.querySelector(":scope > .widget-label");
  const handle = slider.querySelector(".noUi-handle");
  const readout = slider.querySelector(":scope > .widget-readout");
  if (!label || !handle) return;
  if (!label.id) label.id = `gmm-${uid}-label-${++counter}`;
  setAttr(handle, "aria-labelledby", label.id);
  const target = handle.closest(".noUi-target");
  const range = target && target.noUiSlider && target.noUiSlider.options.range;
  if (range) {
    // noUiSlider rounds these to one decimal (-0.95 becomes "-0.9")
    setAttr(handle, "aria-valuemin", String(range.min));
    setAttr(handle, "aria-valuemax", String(range.max));
  }
  if (readout) {
    const shown = readout.textContent.trim();
    setAttr(handle, "aria-valuetext", shown);
    const number = Number(shown.replace("\u2212", "-")); // d3-format writes a minus sign, not a hyphen
    if (shown !== "" && Number.isFinite(number)) setAttr(handle, "aria-valuenow", String(number));
    // the readout can be typed into (Enter sets the value): a named text box
    setAttr(readout, "role", "textbox");
    setAttr(readout, "aria-label", `${label.textContent.trim()}: type a value`);
  }
}

function mend(box, model) {
  setAttr(box, "role", "group");
  setAttr(box, "aria-label", model.get("title"));
  const img = box.querySelector(":scope > .widget-image");
  if (img) setAttr(img, "alt", model.get("alt"));
  const status = box.querySelector(":scope > .gmm-status");
  if (status) {
    setAttr(status, "role", "status");
    setAttr(status, "aria-live", "polite");
  }
  box.querySelectorAll(".widget-slider").forEach(mendSlider);
  // a dropdown's <label> is tied to nothing either (05's "start (seed)")
  box.querySelectorAll(".widget-dropdown").forEach((row) => {
    const label = row.querySelector(":scope > .widget-label");
    const select = row.querySelector("select");
    if (!label || !select || !label.textContent.trim()) return;
    if (!label.id) label.id = `gmm-${uid}-label-${++counter}`;
    setAttr(select, "aria-labelledby", label.id);
  });
  // "E-step ▶", "◀ back": the arrows are decoration, not words to read out
  box.querySelectorAll(".jupyter-button").forEach((button) => {
    const words = button.textContent.replace(/[◀▶]/g, "").trim();
    if (words) setAttr(button, "aria-label", words);
  });
}

function onKeydown(event) {
  if (event.key !== "Escape" || event.defaultPrevented) return;
  const cell = event.currentTarget.closest(".jp-Cell");
  const target = cell || event.currentTarget.closest("[tabindex]");
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  // the notebook takes a focused cell as its active cell, in command mode
  target.focus();
}

function render({ model, el }) {
  let box = null;
  let observer = null;
  let frame = 0;
  const apply = () => box && mend(box, model);
  const attach = () => {
    box = el.isConnected ? el.closest(".gmm-figure") : null;
    if (!box) {
      // the box inserts its children as their views are ready: wait for ours (bounded)
      if (++frame < 600) requestAnimationFrame(attach);
      return;
    }
    apply();
    box.addEventListener("keydown", onKeydown);
    observer = new MutationObserver(apply);
    observer.observe(box, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: ["aria-valuetext", "aria-valuenow", "aria-valuemin", "aria-valuemax"],
    });
  };
  attach();
  model.on("change:alt", apply);
  model.on("change:title", apply);
  return () => {
    if (observer) observer.disconnect();
    if (box) box.removeEventListener("keydown", onKeydown);
    model.off("change:alt", apply);
    model.off("change:title", apply);
  };
}

export default { render };
