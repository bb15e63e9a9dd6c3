// Painting on the body map. The page works as a plain form without this script; the script
// adds click, tap and drag painting, per-region pain levels, undo, clear and keyboard use.
(function () {
  "use strict";
  const form = document.getElementById("drawing-form");
  if (!form) return;
  const views = form.querySelector(".views");
  const colours = JSON.parse(views.dataset.colours);
  const skin = "#f6e7dc";
  const shapes = Array.from(form.querySelectorAll("svg [data-region]"));
  const inputs = document.getElementById("drawing-inputs");
  const list = document.getElementById("painted");
  const nameLine = document.getElementById("region-name");
  const brush = document.getElementById("brush");
  const brushValue = document.getElementById("brush-value");
  const undoButton = document.getElementById("undo");
  const clearButton = document.getElementById("clear");

  const state = new Map(); // region id -> pain level 1-10
  const history = []; // snapshots for undo
  for (const input of inputs.querySelectorAll('input[name="region"]')) {
    const level = inputs.querySelector(`input[name="intensity-${input.value}"]`);
    state.set(input.value, level ? Number(level.value) : 5);
  }

  form.querySelectorAll("[data-needs-script]").forEach((el) => (el.hidden = false));
  const nameOf = (id) => (form.querySelector(`[data-region="${id}"]`) || {}).getAttribute?.("aria-label") || id;

  function snapshot() {
    history.push(new Map(state));
    if (history.length > 100) history.shift();
  }

  function render() {
    for (const shape of shapes) {
      const level = state.get(shape.dataset.region);
      shape.setAttribute("fill", level ? colours[level] : skin);
      shape.setAttribute("aria-checked", level ? "true" : "false");
    }
    inputs.replaceChildren();
    list.replaceChildren();
    for (const [id, level] of state) {
      inputs.append(hidden("region", id), hidden(`intensity-${id}`, level));
      list.append(paintedItem(id, level));
    }
    if (!state.size) {
      const empty = document.createElement("li");
      empty.className = "muted empty";
      empty.textContent = list.dataset.emptyText;
      list.append(empty);
    }
    undoButton.disabled = history.length === 0;
    clearButton.disabled = state.size === 0;
  }

  function hidden(name, value) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = String(value);
    return input;
  }

  function paintedItem(id, level) {
    const item = document.createElement("li");
    item.dataset.region = id;
    const label = document.createElement("label");
    label.htmlFor = `level-${id}`;
    label.textContent = nameOf(id);
    const slider = document.createElement("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = "10";
    slider.value = String(level);
    slider.id = `level-${id}`;
    slider.setAttribute("aria-valuetext", `${level} out of 10`);
    const shown = document.createElement("output");
    shown.htmlFor = slider.id;
    shown.textContent = `${level}/10`;
    slider.addEventListener("change", () => {
      snapshot();
      const value = Number(slider.value);
      if (value === 0) state.delete(id);
      else state.set(id, value);
      render();
      document.getElementById(`level-${id}`)?.focus();
    });
    slider.addEventListener("input", () => (shown.textContent = `${slider.value}/10`));
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", `Remove ${nameOf(id)}`);
    remove.addEventListener("click", () => {
      snapshot();
      state.delete(id);
      render();
    });
    item.append(label, slider, shown, remove);
    return item;
  }

  const tool = () => (document.getElementById("tool-erase").checked ? "erase" : "paint");

  function apply(id, mode) {
    if (mode === "erase") state.delete(id);
    else state.set(id, Number(brush.value));
  }

  // Pointer painting: one stroke (down, drag, up) is one undo step.
  let stroke = null;
  function regionAt(event) {
    const hit = document.elementFromPoint(event.clientX, event.clientY);
    return hit && hit.closest && hit.closest("svg [data-region]");
  }
  views.addEventListener("pointerdown", (event) => {
    const shape = event.target.closest("[data-region]");
    if (!shape || event.button > 0) return;
    event.preventDefault();
    snapshot();
    const id = shape.dataset.region;
    // Pressing on a painted area with the paint tool unpaints it: a tap toggles.
    const mode = tool() === "erase" || state.has(id) ? "erase" : "paint";
    stroke = { mode, seen: new Set([id]) };
    apply(id, mode);
    render();
    showName(shape);
  });
  views.addEventListener("pointermove", (event) => {
    const shape = regionAt(event);
    if (shape) showName(shape);
    if (!stroke || !shape || stroke.seen.has(shape.dataset.region)) return;
    stroke.seen.add(shape.dataset.region);
    apply(shape.dataset.region, stroke.mode);
    render();
  });
  const endStroke = () => (stroke = null);
  window.addEventListener("pointerup", endStroke);
  window.addEventListener("pointercancel", endStroke);

  function showName(shape) {
    const level = state.get(shape.dataset.region);
    nameLine.textContent = shape.getAttribute("aria-label") + (level ? `: painted, ${level}/10` : "");
  }

  // Keyboard: one tab stop into the body; arrows move to the nearest region that way.
  for (const shape of shapes) {
    shape.setAttribute("role", "checkbox");
    shape.setAttribute("tabindex", "-1");
    shape.addEventListener("focus", () => showName(shape));
    shape.addEventListener("mouseenter", () => showName(shape));
  }
  const visibleShapes = () => shapes.filter((s) => s.getBoundingClientRect().width > 0);
  function setRoving(target) {
    for (const shape of shapes) shape.setAttribute("tabindex", shape === target ? "0" : "-1");
  }
  function firstStop() {
    const visible = visibleShapes();
    return visible.find((s) => s.dataset.region === "temple-right") || visible[0] || shapes[0];
  }
  setRoving(firstStop());
  const centre = (el) => {
    const box = el.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  };
  function nearest(from, key) {
    const a = centre(from);
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
    let best = null;
    let bestCost = Infinity;
    for (const shape of visibleShapes()) {
      if (shape === from) continue;
      const b = centre(shape);
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const along = dx * dir[0] + dy * dir[1];
      if (along <= 1) continue;
      const across = Math.abs(dx * dir[1]) + Math.abs(dy * dir[0]);
      const cost = along + 2.5 * across;
      if (cost < bestCost) {
        bestCost = cost;
        best = shape;
      }
    }
    return best;
  }
  views.addEventListener("keydown", (event) => {
    const shape = event.target.closest && event.target.closest("[data-region]");
    if (!shape) return;
    if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      snapshot();
      const id = shape.dataset.region;
      if (state.has(id)) state.delete(id);
      else state.set(id, Number(brush.value));
      render();
      showName(shape);
    } else if (event.key.startsWith("Arrow")) {
      event.preventDefault();
      const next = nearest(shape, event.key);
      if (next) {
        setRoving(next);
        next.focus();
      }
    }
  });
  views.addEventListener("focusin", (event) => {
    const shape = event.target.closest && event.target.closest("[data-region]");
    if (shape) setRoving(shape);
  });
  // A view switched off on a narrow screen must not keep the tab stop.
  form.querySelectorAll('input[name="view"]').forEach((radio) =>
    radio.addEventListener("change", () => setRoving(firstStop())),
  );

  brush.addEventListener("input", () => (brushValue.textContent = brush.value));
  undoButton.addEventListener("click", () => {
    const previous = history.pop();
    if (!previous) return;
    state.clear();
    previous.forEach((level, id) => state.set(id, level));
    render();
  });
  clearButton.addEventListener("click", () => {
    snapshot();
    state.clear();
    render();
  });
  form.addEventListener("submit", (event) => {
    if (state.size === 0) {
      event.preventDefault();
      nameLine.textContent = "Paint at least one area where it hurts first.";
    }
  });
  render();
})();
