// Painting on the body map. The page works as a plain form without this script; the script
// adds click, tap and drag painting, per-region pain levels, undo, clear, keyboard use, and
// on small screens zoom (buttons, close-ups, pinch, tap to zoom) with a paint/move switch.
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
  const nextError = document.getElementById("next-error");

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
    } else {
      nextError.hidden = true;
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
  const moving = () => document.getElementById("mode-move").checked;

  function apply(id, mode) {
    if (mode === "erase") state.delete(id);
    else state.set(id, Number(brush.value));
  }

  function showName(shape) {
    const level = state.get(shape.dataset.region);
    nameLine.textContent = shape.getAttribute("aria-label") + (level ? `: painted, ${level}/10` : "");
  }

  // Zoom: each picture's viewBox, between the whole body and twelve times closer.
  const MAX_ZOOM = 12;
  const pictures = new Map(); // svg -> {whole: [x, y, w, h], box: [x, y, w, h]}
  for (const svg of views.querySelectorAll("svg")) {
    const whole = svg.getAttribute("viewBox").split(/\s+/).map(Number);
    pictures.set(svg, { whole, box: whole.slice() });
  }
  const visibleSvgs = () => Array.from(pictures.keys()).filter((svg) => svg.getBoundingClientRect().width > 0);
  const visibleSvg = () => visibleSvgs()[0];

  function setBox(svg, box) {
    const picture = pictures.get(svg);
    const [wx, wy, ww, wh] = picture.whole;
    const w = Math.min(ww, Math.max(ww / MAX_ZOOM, box[2]));
    const h = (w / box[2]) * box[3];
    const x = Math.min(Math.max(box[0], wx - w / 2), wx + ww - w / 2);
    const y = Math.min(Math.max(box[1], wy - h / 2), wy + wh - h / 2);
    picture.box = [x, y, w, h];
    svg.setAttribute("viewBox", picture.box.map((n) => n.toFixed(2)).join(" "));
    const zoomed = w < ww - 0.5;
    svg.closest("figure").classList.toggle("zoomed", zoomed);
    updateTouch();
  }

  function zoomAt(svg, factor, cx, cy) {
    const [x, y, w, h] = pictures.get(svg).box;
    const nw = w / factor;
    const nh = h / factor;
    setBox(svg, [cx - ((cx - x) / w) * nw, cy - ((cy - y) / h) * nh, nw, nh]);
  }

  function toSvg(svg, clientX, clientY) {
    const point = new DOMPoint(clientX, clientY).matrixTransform(svg.getScreenCTM().inverse());
    return [point.x, point.y];
  }

  function centre(svg) {
    const [x, y, w, h] = pictures.get(svg).box;
    return [x + w / 2, y + h / 2];
  }

  form.querySelectorAll("[data-zoom]").forEach((button) =>
    button.addEventListener("click", () => {
      for (const svg of visibleSvgs()) {
        const how = button.dataset.zoom;
        if (how === "whole") setBox(svg, pictures.get(svg).whole.slice());
        else zoomAt(svg, how === "in" ? 1.6 : 1 / 1.6, ...centre(svg));
      }
    }),
  );
  form.querySelectorAll("[data-closeup]").forEach((button) =>
    button.addEventListener("click", () => {
      for (const svg of visibleSvgs()) {
        const box = JSON.parse(svg.closest("figure").dataset.closeups)[button.dataset.closeup];
        if (box) setBox(svg, box);
      }
      visibleSvg()?.scrollIntoView({ block: "nearest" }); // the picture, not the buttons, is what to look at now
    }),
  );

  function updateTouch() {
    for (const [svg, picture] of pictures) {
      const zoomed = picture.box[2] < picture.whole[2] - 0.5;
      // Paint: a finger paints. Move: a finger pans a zoomed picture, or scrolls the page past a whole one.
      svg.style.touchAction = moving() && !zoomed ? "pan-y pinch-zoom" : "none";
    }
  }
  form.querySelectorAll('input[name="mode"]').forEach((radio) => radio.addEventListener("change", updateTouch));

  // Pointers: one finger paints (or pans, in Move); two fingers pinch to zoom; a tap in Move zooms in there.
  const pointers = new Map();
  let stroke = null;
  let pinch = null;
  let pan = null;

  function regionAt(event) {
    const hit = document.elementFromPoint(event.clientX, event.clientY);
    return hit && hit.closest && hit.closest("svg [data-region]");
  }

  function startPinch() {
    const [a, b] = Array.from(pointers.values());
    const svg = a.svg;
    stroke = null;
    pan = null;
    pinch = { svg, distance: Math.hypot(a.x - b.x, a.y - b.y), box: pictures.get(svg).box.slice() };
  }

  function movePinch() {
    const [a, b] = Array.from(pointers.values());
    const distance = Math.hypot(a.x - b.x, a.y - b.y);
    if (!pinch.distance) return;
    const [cx, cy] = toSvg(pinch.svg, (a.x + b.x) / 2, (a.y + b.y) / 2);
    const factor = distance / pinch.distance;
    pinch.distance = distance;
    zoomAt(pinch.svg, factor, cx, cy);
  }

  views.addEventListener("pointerdown", (event) => {
    const svg = event.target.closest("svg");
    if (!svg || event.button > 0) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY, svg, t: Date.now(), x0: event.clientX, y0: event.clientY });
    if (pointers.size === 2) return startPinch();
    if (moving()) {
      pan = { svg, x: event.clientX, y: event.clientY };
      return;
    }
    const shape = event.target.closest("[data-region]");
    if (!shape) return;
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
    const held = pointers.get(event.pointerId);
    if (held) Object.assign(held, { x: event.clientX, y: event.clientY });
    if (pinch && pointers.size === 2) return movePinch();
    if (pan && held) {
      const ctm = pan.svg.getScreenCTM();
      const [x, y, w, h] = pictures.get(pan.svg).box;
      setBox(pan.svg, [x - (event.clientX - pan.x) / ctm.a, y - (event.clientY - pan.y) / ctm.d, w, h]);
      Object.assign(pan, { x: event.clientX, y: event.clientY });
      return;
    }
    const shape = regionAt(event);
    if (shape) showName(shape);
    if (!stroke || !shape || stroke.seen.has(shape.dataset.region)) return;
    stroke.seen.add(shape.dataset.region);
    apply(shape.dataset.region, stroke.mode);
    render();
  });

  function endPointer(event) {
    const held = pointers.get(event.pointerId);
    pointers.delete(event.pointerId);
    const tapped = held && moving() && !pinch && Math.hypot(held.x - held.x0, held.y - held.y0) < 8 && Date.now() - held.t < 400;
    if (tapped) zoomAt(held.svg, 2, ...toSvg(held.svg, held.x, held.y));
    if (pointers.size < 2) pinch = null;
    if (pointers.size === 0) {
      stroke = null;
      pan = null;
    }
  }
  window.addEventListener("pointerup", endPointer);
  window.addEventListener("pointercancel", endPointer);

  // Keyboard: one tab stop into the body; arrows move to the nearest region that way.
  for (const shape of shapes) {
    shape.setAttribute("role", "checkbox");
    shape.setAttribute("tabindex", "-1");
    shape.addEventListener("focus", () => {
      showName(shape);
      bringIntoView(shape);
    });
    shape.addEventListener("mouseenter", () => showName(shape));
  }

  function bringIntoView(shape) {
    const svg = shape.ownerSVGElement;
    const picture = pictures.get(svg);
    const box = shape.getBBox();
    const [x, y, w, h] = picture.box;
    if (box.x >= x && box.y >= y && box.x + box.width <= x + w && box.y + box.height <= y + h) return;
    setBox(svg, [box.x + box.width / 2 - w / 2, box.y + box.height / 2 - h / 2, w, h]);
  }

  const visibleShapes = () => {
    const svg = visibleSvg();
    if (!svg) return shapes;
    const frame = svg.getBoundingClientRect();
    return shapes.filter((s) => {
      if (s.ownerSVGElement !== svg) return false;
      const r = s.getBoundingClientRect();
      return r.width > 0 && r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom;
    });
  };
  function setRoving(target) {
    for (const shape of shapes) shape.setAttribute("tabindex", shape === target ? "0" : "-1");
  }
  function firstStop() {
    const visible = visibleShapes();
    return visible.find((s) => s.dataset.region === "temple-right") || visible[0] || shapes[0];
  }
  setRoving(firstStop());
  const middle = (el) => {
    const box = el.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  };
  function nearest(from, key) {
    const a = middle(from);
    const dir = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
    let best = null;
    let bestCost = Infinity;
    for (const shape of shapes.filter((s) => s.ownerSVGElement === from.ownerSVGElement)) {
      if (shape === from) continue;
      const b = middle(shape);
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
      nextError.textContent = "Paint at least one area where it hurts first.";
      nextError.hidden = false;
      nextError.scrollIntoView({ block: "nearest" });
    }
  });
  updateTouch();
  render();
})();
