// Keyboard-first charting on the visit page: keys set a point's controls, Enter saves it.
// No rules live here: the keys only tick the form's own controls; the server classifies and checks.
(function () {
  "use strict";
  var SIGNS = { t: "taut_band", j: "jump_sign", w: "twitch", r: "referred", f: "familiar" };
  var NAMES = { familiar: "recognised" };

  function typing(target) {
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") return true;
    return tag === "INPUT" && !/^(radio|checkbox|submit|button)$/.test(target.type);
  }

  function setSign(form, sign, value) {
    var name = NAMES[sign] || sign;
    var choice = form.querySelector('input[name="' + name + '"][value="' + value + '"]');
    if (choice) choice.checked = true;
  }

  function toggle(form, selector) {
    var box = form.querySelector(selector);
    if (box) box.checked = !box.checked;
  }

  function onKey(event) {
    var form = event.target.closest && event.target.closest("form.exam-form");
    if (!form || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key;
    if (key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    var lower = key.toLowerCase();
    if (SIGNS[lower]) {
      setSign(form, SIGNS[lower], event.shiftKey ? "absent" : "present");
    } else if (/^[0-9]$/.test(key)) {
      form.querySelector('input[name="spot_tenderness"]').value = key;
    } else if (lower === "x") {
      toggle(form, 'input[name="treat"]');
    } else if (lower === "l") {
      toggle(form, 'input[name="released"]');
    } else {
      return;
    }
    event.preventDefault();
  }

  // The point to work on next (or the one refused) takes the focus, once the browser has scrolled to any
  // #fragment (a fragment scroll after this would drop the focus again).
  function focusNext() {
    var failed = document.querySelector(".exam .error");
    var start = failed ? failed.closest("form") : document.querySelector(".exam[data-next] form.exam-form");
    if (!start || location.hash === "#program" || location.hash === "#length") return;
    start.focus({ preventScroll: true });
    start.scrollIntoView({ block: "start" });
  }

  document.addEventListener("keydown", onKey);
  if (document.readyState === "complete") focusNext();
  else window.addEventListener("load", focusNext);
})();
