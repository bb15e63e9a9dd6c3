// On the results page: show where a trigger point sends pain when its result is pointed at,
// focused or chosen (stripes where it usually does, dots where it sometimes does), over the
// drawing, and bring its marker forward on both pictures.
(function () {
  "use strict";
  const map = document.getElementById("results-map");
  if (!map) return;
  const items = Array.from(document.querySelectorAll("li.result"));
  const tiers = ["essential", "spillover", "local"];
  let selected = null;

  function clear() {
    map.querySelectorAll("[data-ref]").forEach((el) => {
      el.setAttribute("fill", "none");
      el.classList.remove("on");
    });
    map.querySelectorAll(".marker.active").forEach((el) => el.classList.remove("active"));
    items.forEach((item) => item.classList.remove("showing"));
  }

  function show(item) {
    clear();
    if (!item) return;
    item.classList.add("showing");
    for (const svg of map.querySelectorAll("svg")) {
      for (const tier of [...tiers].reverse()) {
        const fill = svg.dataset[`fill${tier[0].toUpperCase()}${tier.slice(1)}`];
        for (const region of (item.dataset[tier] || "").split(" ").filter(Boolean)) {
          svg.querySelectorAll(`[data-ref="${region}"]`).forEach((el) => {
            el.setAttribute("fill", fill);
            el.classList.add("on");
          });
        }
      }
    }
    map.querySelectorAll(`.marker[data-rank="${item.dataset.rank}"]`).forEach((el) => {
      el.classList.add("active");
      el.parentNode.appendChild(el); // draw it above the other markers
    });
  }

  for (const item of items) {
    item.addEventListener("mouseenter", () => show(item));
    item.addEventListener("mouseleave", () => show(selected));
    item.addEventListener("focus", () => show(item));
    item.addEventListener("click", (event) => {
      if (event.target.closest("a, summary, input, label, details[open] *")) return;
      selected = selected === item ? null : item;
      show(selected);
    });
  }
  map.querySelectorAll(".marker").forEach((marker) => {
    marker.addEventListener("click", () => {
      const item = items.find((i) => i.dataset.rank === marker.dataset.rank);
      if (!item) return;
      item.closest("details")?.setAttribute("open", "");
      selected = item;
      show(item);
      item.scrollIntoView({ block: "nearest" });
      item.focus({ preventScroll: true });
    });
  });
  show(selected);
})();
