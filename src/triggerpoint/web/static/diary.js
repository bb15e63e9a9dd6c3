// The body map in a diary entry. Without this script the form lists the areas (ticked, with
// a level and how each feels) and adds one from a list; with it, a tap, click, drag or the
// keyboard on the body adds or takes away an area row, and the picture follows the rows.
(function () {
  "use strict";
  const form = document.getElementById("diary-form");
  const views = form && form.querySelector(".diary-map .views");
  if (!views) return;
  const colours = JSON.parse(views.dataset.colours);
  const skin = "#f6e7dc";
  const list = document.getElementById("diary-areas");
  const template = document.getElementById("area-template");
  const noAreas = document.getElementById("no-areas");
  const nameLine = document.getElementById("region-name");
  const adder = document.getElementById("add-region");
  const shapes = Array.from(views.querySelectorAll("svg [data-region]"));

  form.querySelectorAll("[data-needs-script]").forEach((el) => (el.hidden = false));

  const rowOf = (id) => list.querySelector(`.area-row[data-region="${id}"]`);
  const boxOf = (row) => row.querySelector('input[name="region"]');
  const nameOf = (id) => {
    const option = adder.querySelector(`option[value="${id}"]`);
    return option ? option.textContent : id;
  };

  function levelOf(id) {
    const row = rowOf(id);
    if (!row || !boxOf(row).checked) return 0;
    return Number(row.querySelector("select").value) || Number(views.dataset.unrated);
  }

  function render() {
    for (const shape of shapes) {
      const level = levelOf(shape.dataset.region);
      shape.setAttribute("fill", level ? colours[level] : skin);
      shape.setAttribute("aria-selected", level ? "true" : "false");
    }
    for (const row of list.querySelectorAll(".area-row")) row.classList.toggle("off", !boxOf(row).checked);
    noAreas.hidden = list.querySelector('.area-row input[name="region"]:checked') !== null;
  }

  function addRow(id) {
    const holder = document.createElement("ul");
    holder.innerHTML = template.innerHTML.replaceAll("__REGION__", id);
    const row = holder.firstElementChild;
    row.querySelectorAll(".area-name").forEach((el) => (el.textContent = nameOf(id)));
    row.classList.add("added");
    row.dataset.added = "true";
    list.append(row);
    return row;
  }

  // Mark an area (add or tick its row) or take it away (untick a row that came with the page,
  // remove one added here).
  function mark(id, on) {
    const row = rowOf(id);
    if (on && !row) addRow(id);
    else if (on) boxOf(row).checked = true;
    else if (row && row.dataset.added) row.remove();
    else if (row) boxOf(row).checked = false;
  }

  function say(id) {
    const level = levelOf(id);
    nameLine.textContent = nameOf(id) + (level ? `: marked, level ${level}` : ": not marked");
  }

  // Pointer: one stroke marks (or, starting on a marked area, takes away) every area it crosses.
  let stroke = null;
  views.addEventListener("pointerdown", (event) => {
    const shape = event.target.closest("[data-region]");
    if (!shape || event.button > 0) return;
    event.preventDefault();
    const id = shape.dataset.region;
    stroke = { on: levelOf(id) === 0, seen: new Set([id]) };
    mark(id, stroke.on);
    render();
    say(id);
  });
  views.addEventListener("pointermove", (event) => {
    if (!stroke) return;
    const hit = document.elementFromPoint(event.clientX, event.clientY);
    const shape = hit && hit.closest && hit.closest("svg [data-region]");
    if (!shape || !views.contains(shape) || stroke.seen.has(shape.dataset.region)) return;
    stroke.seen.add(shape.dataset.region);
    mark(shape.dataset.region, stroke.on);
    render();
    say(shape.dataset.region);
  });
  const endStroke = () => (stroke = null);
  window.addEventListener("pointerup", endStroke);
  window.addEventListener("pointercancel", endStroke);

  // Keyboard: each picture is one tab stop, a list of areas to choose from (the areas themselves
  // are too small to be targets of their own); arrows move to the nearest area that way, Space
  // or Enter marks it. The list of areas below is the same choice in full-size controls.
  const pictures = Array.from(views.querySelectorAll("svg"));
  for (const svg of pictures) {
    svg.setAttribute("role", "listbox");
    svg.setAttribute("aria-multiselectable", "true");
    svg.setAttribute("tabindex", "0");
    const side = svg.closest("figure").classList.contains("view-back") ? "back" : "front";
    for (const shape of svg.querySelectorAll("[data-region]")) {
      shape.setAttribute("role", "option");
      shape.id = `map-${side}-${shape.dataset.region}`;
    }
  }
  const activeOf = (svg) => document.getElementById(svg.getAttribute("aria-activedescendant") || "");
  function activate(svg, shape) {
    activeOf(svg)?.classList.remove("active");
    svg.setAttribute("aria-activedescendant", shape.id);
    shape.classList.add("active");
    say(shape.dataset.region);
  }
  function firstIn(svg) {
    const own = shapes.filter((s) => svg.contains(s));
    return own.find((s) => levelOf(s.dataset.region) > 0) || own.find((s) => s.dataset.region === "temple-right") || own[0];
  }
  const centre = (el) => {
    const box = el.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  };
  function nearest(svg, from, key) {
    const a = centre(from);
    const [dx, dy] = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
    let best = null;
    let bestCost = Infinity;
    for (const shape of svg.querySelectorAll("[data-region]")) {
      if (shape === from) continue;
      const b = centre(shape);
      const along = (b.x - a.x) * dx + (b.y - a.y) * dy;
      if (along <= 1) continue;
      const cost = along + 2.5 * (Math.abs((b.x - a.x) * dy) + Math.abs((b.y - a.y) * dx));
      if (cost < bestCost) [best, bestCost] = [shape, cost];
    }
    return best;
  }
  for (const svg of pictures) {
    svg.addEventListener("focus", () => activate(svg, activeOf(svg) || firstIn(svg)));
    svg.addEventListener("blur", () => activeOf(svg)?.classList.remove("active"));
    svg.addEventListener("keydown", (event) => {
      const shape = activeOf(svg) || firstIn(svg);
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault();
        mark(shape.dataset.region, levelOf(shape.dataset.region) === 0);
        render();
        say(shape.dataset.region);
      } else if (event.key.startsWith("Arrow")) {
        event.preventDefault();
        const next = nearest(svg, shape, event.key);
        if (next) activate(svg, next);
      }
    });
  }

  // The rows drive the picture: ticking, a level, or an area added from the list.
  list.addEventListener("change", render);
  adder.addEventListener("change", () => {
    if (!adder.value) return;
    const id = adder.value;
    mark(id, true);
    adder.value = "";
    render();
    rowOf(id).querySelector("select").focus();
  });

  render();
})();
