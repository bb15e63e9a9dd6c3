// The guided session: a countdown for holds that can pause and resume and signals its end with a
// sound and a vibration, a counter for strokes, stretch holds counted as repetitions, and
// done/skip saved at once over the JSON API (the buttons still work as plain forms without this script).
(function () {
  "use strict";
  const steps = document.getElementById("steps");
  if (!steps) return;
  steps.querySelectorAll("[data-needs-script]").forEach((el) => (el.hidden = false));

  function signal() {
    if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
    const Audio = window.AudioContext || window.webkitAudioContext;
    if (!Audio) return;
    const audio = new Audio();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = 660;
    volume.gain.setValueAtTime(0.15, audio.currentTime);
    volume.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.6);
  }

  // A hold timer: Start, Pause, Resume; at zero it signals and counts one repetition done.
  function holdTimer(step, output, button, reps) {
    const seconds = Number(step.dataset.seconds);
    const total = Number(step.dataset.repetitions || 1);
    let left = seconds;
    let done = 0;
    let timer = null;
    const show = () => {
      const rep = total > 1 ? ` · hold ${Math.min(done + 1, total)} of ${total}` : "";
      output.textContent = `${left} s${rep}`;
    };
    const stop = () => {
      clearInterval(timer);
      timer = null;
    };
    const finish = () => {
      stop();
      signal();
      done += 1;
      if (reps) reps.textContent = `${done} of ${total} done`;
      left = seconds;
      output.textContent = done >= total ? "Time. Release slowly. All done." : "Time. Release, rest, then start the next hold.";
      button.textContent = done >= total ? "Start again" : "Start the next hold";
      if (done >= total) done = 0;
    };
    const tick = () => {
      left -= 1;
      if (left <= 0) return finish();
      show();
    };
    button.addEventListener("click", () => {
      if (timer) {
        stop();
        button.textContent = "Resume";
        output.textContent = `Paused at ${left} s`;
        return;
      }
      show();
      timer = setInterval(tick, 1000);
      button.textContent = "Pause";
    });
  }

  function strokeCounter(step, output, button) {
    let strokes = 0;
    button.addEventListener("click", () => {
      strokes = Math.min(strokes + 1, Number(step.dataset.strokes));
      output.textContent = `${strokes} / ${step.dataset.strokes}`;
      if (strokes === Number(step.dataset.strokes)) signal();
    });
  }

  for (const step of steps.querySelectorAll(".step")) {
    const button = step.querySelector(".go");
    const output = step.querySelector(".count");
    if (button && step.dataset.strokes) strokeCounter(step, output, button);
    else if (button) holdTimer(step, output, button, step.querySelector(".reps"));
    const form = step.querySelector("form.mark");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = event.submitter ? event.submitter.value : "done";
      const state = form.querySelector(".state");
      const response = await fetch(steps.dataset.api, {
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
      state.textContent = status === "done" ? "Done: saved" : "Skipped: saved";
      const next = step.nextElementSibling;
      if (next) next.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  }
})();
