// toc.js: marks, in the "On this page" box (.toc), the link to the section being read, with
// aria-current="true", as the reader scrolls. Loaded with `defer` from base.html; no dependencies, no HTML
// strings (only setAttribute/removeAttribute, so it runs under Trusted Types). Without it, or without
// IntersectionObserver, the box is the same list of links, just without the highlight.
(() => {
  const toc = document.querySelector('.toc');
  if (!toc || !('IntersectionObserver' in window)) return;

  // The headings the box links to, in document order, each with its link.
  const entries = [];
  for (const link of toc.querySelectorAll('a[href^="#"]')) {
    let id;
    try {
      id = decodeURIComponent(link.hash.slice(1));
    } catch {
      continue;
    }
    const heading = document.getElementById(id);
    if (heading) entries.push({ heading, link });
  }
  if (entries.length === 0) return;

  // A heading counts as passed once its top is above a line 30% down the viewport. The observed area runs
  // from far above the page down to that line, so a heading that a fast scroll skips over still flips state.
  const passed = new Set();
  let current = null;
  const aside = toc.closest('.doc__aside');

  const update = () => {
    // The last heading passed; before the first one, none.
    let next = null;
    for (const e of entries) if (passed.has(e.heading)) next = e;
    if (next === current) return;
    current?.link.removeAttribute('aria-current');
    current = next;
    if (!current) return;
    current.link.setAttribute('aria-current', 'true');
    // Keep the mark in view when the sticky box scrolls by itself (long tables of contents). Only the box
    // scrolls, never the page: on narrow screens the box sits above the text and must stay where it is.
    if (aside && aside.scrollHeight > aside.clientHeight) {
      const box = aside.getBoundingClientRect();
      const at = current.link.getBoundingClientRect();
      if (at.top < box.top) aside.scrollTop -= box.top - at.top + 8;
      else if (at.bottom > box.bottom) aside.scrollTop += at.bottom - box.bottom + 8;
    }
  };

  const observer = new IntersectionObserver(
    (records) => {
      for (const r of records) {
        if (r.isIntersecting) passed.add(r.target);
        else if (r.boundingClientRect.top > 0) passed.delete(r.target);
      }
      update();
    },
    { rootMargin: '100000px 0px -70% 0px' },
  );
  for (const e of entries) observer.observe(e.heading);
})();
