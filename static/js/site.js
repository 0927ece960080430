// Progressive enhancement only: every feature here also works through the server without it.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const input = document.querySelector("[data-search-input]");
  if (!input) return;

  // "/" focuses the search box, as on many developer sites.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });

  // On the home page, typing filters the grid at once; Enter still submits the search.
  const sections = document.querySelectorAll("[data-filter-section]");
  if (!sections.length) return;
  const empty = document.querySelector("[data-filter-empty]");
  const filter = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    sections.forEach((section) => {
      let shownHere = 0;
      section.querySelectorAll("[data-filter-text]").forEach((card) => {
        const text = card.dataset.filterText;
        const match = words.every((word) => text.includes(word));
        card.hidden = !match;
        if (match) shownHere += 1;
      });
      section.hidden = shownHere === 0;
      shown += shownHere;
    });
    if (empty) empty.hidden = shown > 0;
  };
  input.addEventListener("input", filter);
  filter();
});
