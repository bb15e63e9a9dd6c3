// Filter the muscle index as the person types; the form still works without JavaScript.
(function () {
  const input = document.getElementById("q");
  const count = document.getElementById("count");
  if (!input) return;
  const items = Array.from(document.querySelectorAll("[data-search]"));
  const areas = Array.from(document.querySelectorAll("[data-area]"));
  function filter() {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const hit = words.every((w) => item.dataset.search.includes(w));
      item.hidden = !hit;
      if (hit) shown += 1;
    }
    for (const area of areas) area.hidden = !area.querySelector("[data-search]:not([hidden])");
    count.textContent = shown + (shown === 1 ? " muscle" : " muscles") + (words.length ? " matching “" + input.value + "”" : "");
  }
  input.addEventListener("input", filter);
})();
