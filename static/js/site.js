// Progressive enhancement only: every feature here also works through the server without it.
"use strict";

// "/" focuses the search box, as on many developer sites.
function enableSlashShortcut(input) {
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
}

// Latin words match at the start of a word ("rat" finds "rate limit", never "separate");
// Hangul anywhere, since Korean attaches particles to words.
const HANGUL = /[\uac00-\ud7a3\u3131-\u318e]/;
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
function wordMatcher(word) {
  // A number is a code: "42" shows 420 to 429, never a summary that mentions 42.
  if (/^[0-9]+$/.test(word)) return (text) => text.startsWith(word);
  if (HANGUL.test(word)) return (text) => text.includes(word);
  const pattern = new RegExp("(^|[^a-z0-9])" + escapeRegExp(word));
  return (text) => pattern.test(text);
}

// On the home page, typing filters the grid at once; Enter still searches on the server.
function enableHomeFilter(input) {
  const sections = document.querySelectorAll("[data-filter-section]");
  if (!sections.length) return;
  const empty = document.querySelector("[data-filter-empty]");
  const emptyQuery = document.querySelector("[data-filter-query]");
  const emptyLink = document.querySelector("[data-filter-search]");
  const status = document.querySelector("[data-filter-status]");
  let composing = false;
  let announceTimer = null;

  const announce = (shown, total, query) => {
    clearTimeout(announceTimer);
    if (!status) return;
    // Wait for a pause in typing, so a screen reader hears the result, not every keystroke.
    announceTimer = setTimeout(() => {
      const template = !query ? "" : shown === 1 ? status.dataset.one : status.dataset.many;
      status.textContent = template.replace("{count}", shown);
    }, 500);
  };

  const filter = () => {
    const query = input.value.trim();
    const matchers = query.toLowerCase().split(/\s+/).filter(Boolean).map(wordMatcher);
    let shown = 0;
    let total = 0;
    sections.forEach((section) => {
      let shownHere = 0;
      section.querySelectorAll("[data-filter-text]").forEach((card) => {
        const text = card.dataset.filterText;
        const match = matchers.every((matches) => matches(text));
        card.hidden = !match;
        total += 1;
        if (match) shownHere += 1;
      });
      section.hidden = shownHere === 0;
      shown += shownHere;
    });
    if (empty) {
      empty.hidden = shown > 0;
      emptyQuery.textContent = query;
      const url = new URL(emptyLink.href, location.href);
      url.searchParams.set("q", query);
      emptyLink.href = url.pathname + url.search;
    }
    announce(shown, total, query);
    // The filter lives in the address, so Back and reload bring it back.
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  };

  // Korean input composes each syllable in several keystrokes ("ㄱ", "권", "권ㅎ"...):
  // filter only on whole syllables, when the composition ends.
  input.addEventListener("compositionstart", () => {
    composing = true;
  });
  input.addEventListener("compositionend", () => {
    composing = false;
    filter();
  });
  input.addEventListener("input", (event) => {
    if (composing || event.isComposing) return;
    filter();
  });

  const initial = new URLSearchParams(location.search).get("q");
  if (initial) input.value = initial;
  if (input.value) filter();
}

// Back to a page returns to where the reader was, even after the filter changed its height.
function rememberScroll() {
  let pending = false;
  window.addEventListener("scroll", () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      history.replaceState({ ...(history.state || {}), scrollY: window.scrollY }, "");
    }, 150);
  }, { passive: true });
  const saved = history.state && history.state.scrollY;
  if (saved && window.scrollY === 0) {
    window.addEventListener("load", () => {
      if (window.scrollY === 0) window.scrollTo(0, saved);
    }, { once: true });
  }
}

// Copy buttons on snippets, curl lines and examples (hidden until this script shows them).
function enableCopyButtons() {
  document.querySelectorAll("[data-copy]").forEach((button) => {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) return;
    const label = button.textContent;
    button.hidden = false;
    button.closest(".code-block").classList.add("copyable");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.innerText.replace(/\n$/, ""));
        button.textContent = button.dataset.copied || label;
      } catch {
        button.textContent = button.dataset.failed || label;
      }
      setTimeout(() => {
        button.textContent = label;
      }, 2000);
    });
  });
}

// The theme switch (hidden until this script shows it) turns dark on or off, and theme.js
// applies the choice on every page. A choice that matches the system's setting is forgotten,
// so the page follows the system again, as it does without JavaScript.
function enableThemeSwitch() {
  const button = document.querySelector("[data-theme-switch]");
  if (!button) return;
  const root = document.documentElement;
  const systemDark = window.matchMedia("(prefers-color-scheme: dark)");
  const shownDark = () => (root.dataset.theme ? root.dataset.theme === "dark" : systemDark.matches);
  const show = () => button.setAttribute("aria-pressed", String(shownDark()));
  button.addEventListener("click", () => {
    const dark = !shownDark();
    const theme = dark === systemDark.matches ? null : dark ? "dark" : "light";
    if (theme) root.dataset.theme = theme;
    else delete root.dataset.theme;
    try {
      if (theme) localStorage.setItem("theme", theme);
      else localStorage.removeItem("theme");
    } catch {
      // Storage blocked: the choice holds for this page only.
    }
    show();
  });
  systemDark.addEventListener("change", show);
  show();
  button.hidden = false;
}

document.addEventListener("DOMContentLoaded", () => {
  enableThemeSwitch();
  enableCopyButtons();
  rememberScroll();
  const input = document.querySelector("[data-search-input]");
  if (!input) return;
  enableSlashShortcut(input);
  enableHomeFilter(input);
});
