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
    var edit = form.querySelector("details.edit-point");
    if (edit && !edit.open && key !== "Enter") edit.open = true; // a saved point's controls, shown to change them
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

  // Where a point's pain referred, picked on a body map: opening the card's details copies the page's one
  // map in, shades the regions the server listed, and a tap ticks (or adds) that region's box.
  function box(form, region) {
    return form.querySelector('input[name="referred_region"][value="' + region + '"]');
  }

  function showPicked(map, form) {
    map.querySelectorAll("path[data-region]").forEach(function (path) {
      var found = box(form, path.dataset.region);
      path.classList.toggle("picked", Boolean(found && found.checked));
    });
  }

  function addBox(form, path) {
    var label = document.createElement("label");
    var input = document.createElement("input");
    label.className = "region-choice";
    input.type = "checkbox";
    input.name = "referred_region";
    input.value = path.dataset.region;
    label.append(input, " " + (path.textContent || path.getAttribute("aria-label") || path.dataset.region));
    form.querySelector("fieldset.where").append(label);
    return input;
  }

  function openMap(details) {
    var map = details.querySelector(".where-map");
    var source = document.getElementById("where-map");
    if (!details.open || !map || !source || map.firstElementChild) return;
    map.append(source.content.cloneNode(true));
    var form = details.closest("form");
    (map.dataset.shade || "").split(" ").forEach(function (region) {
      map.querySelectorAll('path[data-region="' + region + '"]').forEach(function (p) { p.classList.add("referral"); });
    });
    showPicked(map, form);
    map.addEventListener("click", function (event) {
      var path = event.target.closest("path[data-region]");
      if (!path) return;
      var input = box(form, path.dataset.region) || addBox(form, path);
      input.checked = !input.checked;
      showPicked(map, form);
    });
    form.addEventListener("change", function () { showPicked(map, form); });
  }

  document.querySelectorAll("details.more").forEach(function (details) {
    details.addEventListener("toggle", function () { openMap(details); });
  });
  document.addEventListener("keydown", onKey);
  if (document.readyState === "complete") focusNext();
  else window.addEventListener("load", focusNext);
})();
