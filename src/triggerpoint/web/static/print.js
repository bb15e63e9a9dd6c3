// The handout's Print button (the page prints from the browser's menu without this script too).
(function () {
  "use strict";
  const button = document.getElementById("print");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", () => window.print());
})();
