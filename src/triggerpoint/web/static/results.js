// On the results page: show where a trigger point sends pain when its result is pointed
// at, focused or selected, and highlight its marker on the body.
(function () {
  "use strict";
  const map = document.getElementById("results-map");
  if (!map) return;
  const items = Array.from(document.querySelectorAll("li.result"));
  const tiers = ["essential", "spillover", "local"];
  let selected = null;

  function clear() {
    map.querySelectorAll(".ref-essential, .ref-spillover, .ref-local").forEach((el) =>
      el.classList.remove("ref-essential", "ref-spillover", "ref-local"),
    );
    map.querySelectorAll(".marker.active").forEach((el) => el.classList.remove("active"));
    items.forEach((item) => item.classList.remove("showing"));
  }

  function show(item) {
    clear();
    if (!item) return;
    item.classList.add("showing");
    for (const tier of [...tiers].reverse()) {
      for (const region of (item.dataset[tier] || "").split(" ").filter(Boolean)) {
        map.querySelectorAll(`[data-region="${region}"]`).forEach((el) => {
          el.classList.remove("ref-essential", "ref-spillover", "ref-local");
          el.classList.add(`ref-${tier}`);
        });
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
      if (event.target.closest("a, summary, details[open] *")) return;
      selected = selected === item ? null : item;
      show(selected);
    });
  }
  map.querySelectorAll(".marker").forEach((marker) => {
    marker.addEventListener("click", () => {
      const item = items.find((i) => i.dataset.rank === marker.dataset.rank);
      if (!item) return;
      selected = item;
      show(item);
      item.scrollIntoView({ block: "nearest" });
      item.focus({ preventScroll: true });
    });
  });
  show(selected);
})();
