// The "where was it?" question of a precaution counts only while that precaution is ticked:
// untick it and the areas are hidden and disabled, so they are not sent.
for (const box of document.querySelectorAll('input[data-where]')) {
  const where = document.getElementById(box.dataset.where);
  const sync = () => { where.hidden = !box.checked; where.disabled = !box.checked; };
  box.addEventListener('change', sync);
  sync();
}
