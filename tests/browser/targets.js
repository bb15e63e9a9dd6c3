// WCAG 2.5.8 target size, measured in the page (see targets.py).
() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=checkbox], [tabindex]:not([tabindex="-1"])';
  const boxes = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('svg') && el.matches('[data-region]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (el.matches('input[type=radio], input[type=checkbox]') && el.labels && el.labels.length) {
      // the label is part of the target: measure the two together
      const l = el.labels[0].getBoundingClientRect();
      const left = Math.min(r.left, l.left), top = Math.min(r.top, l.top);
      const right = Math.max(r.right, l.right), bottom = Math.max(r.bottom, l.bottom);
      boxes.push({el, left, top, width: right - left, height: bottom - top});
      continue;
    }
    boxes.push({el, left: r.left, top: r.top, width: r.width, height: r.height});
  }
  const inline = (el) => el.tagName === 'A' && ['P', 'LI', 'DD', 'TD', 'FIGCAPTION', 'SPAN', 'SMALL'].includes(el.parentElement.tagName)
    && el.parentElement.textContent.trim().length > el.textContent.trim().length + 3;
  const small = boxes.filter(b => (b.width < 23.5 || b.height < 23.5) && !inline(b.el));
  const centre = (b) => [b.left + b.width / 2, b.top + b.height / 2];
  const touches = (b, o) => {
    const [cx, cy] = centre(b);
    const nx = Math.max(o.left, Math.min(cx, o.left + o.width)), ny = Math.max(o.top, Math.min(cy, o.top + o.height));
    if (Math.hypot(cx - nx, cy - ny) < 12) return true;
    if (small.includes(o)) { const [ox, oy] = centre(o); return Math.hypot(cx - ox, cy - oy) < 24; }
    return false;
  };
  const name = (el) => (el.getAttribute('aria-label') || el.textContent || el.name || el.id || el.tagName).trim().slice(0, 40);
  return small.filter(b => boxes.some(o => o !== b && o.el !== b.el && !o.el.contains(b.el) && !b.el.contains(o.el) && touches(b, o)))
              .map(b => `${b.el.tagName.toLowerCase()} "${name(b.el)}" ${Math.round(b.width)}x${Math.round(b.height)}`);
}
