// The guided session: a countdown for holds, a counter for strokes, and done/skip saved at
// once over the JSON API (the buttons still work as plain forms without this script).
(function () {
  "use strict";
  const steps = document.getElementById("steps");
  if (!steps) return;
  steps.querySelectorAll("[data-needs-script]").forEach((el) => (el.hidden = false));

  function countdown(step, output, button) {
    let left = Number(step.dataset.seconds);
    button.disabled = true;
    const tick = () => {
      output.textContent = `${left} s`;
      if (left <= 0) {
        output.textContent = "Time. Release slowly.";
        button.disabled = false;
        return;
      }
      left -= 1;
      setTimeout(tick, 1000);
    };
    tick();
  }

  for (const step of steps.querySelectorAll(".step")) {
    const button = step.querySelector(".go");
    const output = step.querySelector(".count");
    let strokes = 0;
    button?.addEventListener("click", () => {
      if (step.dataset.strokes) {
        strokes = Math.min(strokes + 1, Number(step.dataset.strokes));
        output.textContent = `${strokes} / ${step.dataset.strokes}`;
      } else {
        countdown(step, output, button);
      }
    });
    const form = step.querySelector("form.mark");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = event.submitter ? event.submitter.value : "done";
      const state = form.querySelector(".state");
      const response = await fetch("/api/sessions/today/items", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ key: step.dataset.key, status }),
      });
      if (!response.ok) {
        state.textContent = "Not saved. Please try again.";
        return;
      }
      step.classList.remove("done", "skipped");
      step.classList.add(status);
      state.textContent = status === "done" ? "Done" : "Skipped";
      const next = step.nextElementSibling;
      if (next) next.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  }
})();
