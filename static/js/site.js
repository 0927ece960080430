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

// On the home page, typing shows the search's own answer at once, in place of the grid; Enter
// still opens the search page. The answer comes from the server (the same ranking as the search
// page, and an edit is searchable the moment it is saved), asked once typing pauses and kept
// for the page's life, so a key press rarely costs a request.
const FILTER_PAUSE_MS = 250;

function enableHomeFilter(input) {
  const results = document.querySelector("[data-filter-results]");
  if (!results) return;
  const away = document.querySelectorAll("[data-filter-away]");
  const codeList = results.querySelector("[data-filter-codes]");
  const guideList = results.querySelector("[data-filter-guides]");
  const partial = results.querySelector("[data-filter-partial]");
  const empty = document.querySelector("[data-filter-empty]");
  const failed = document.querySelector("[data-filter-failed]");
  const emptyQuery = document.querySelector("[data-filter-query]");
  const status = document.querySelector("[data-filter-status]");
  const cards = new Map();
  document.querySelectorAll("[data-filter-away] [data-code]").forEach((card) => {
    cards.set(Number(card.dataset.code), card);
  });
  const guides = new Map();
  document.querySelectorAll("[data-filter-away] [data-guide]").forEach((guide) => {
    guides.set(guide.dataset.guide, guide);
  });
  const answers = new Map();
  let composing = false;
  let pause = null;
  let pending = null;
  let announceTimer = null;

  // As the server reads it: surrounding and repeated spaces say nothing.
  const normalized = () => input.value.split(/\s+/).filter(Boolean).join(" ");

  const announce = (text) => {
    clearTimeout(announceTimer);
    // Wait for a pause in typing, so a screen reader hears the result, not every keystroke.
    announceTimer = setTimeout(() => {
      status.textContent = text;
    }, 500);
  };

  // The query lives in the address (Back and reload bring it back), in the language switch and
  // in the links to the search page.
  const keep = (query) => {
    const withQuery = (href) => {
      const url = new URL(href, location.href);
      if (query) url.searchParams.set("q", query);
      else url.searchParams.delete("q");
      return url.pathname + url.search + url.hash;
    };
    history.replaceState(history.state, "", withQuery(location.href));
    document.querySelectorAll(".language-switch a[href], [data-filter-search]").forEach((link) => {
      link.setAttribute("href", withQuery(link.getAttribute("href")));
    });
  };

  const show = (query, answer) => {
    const filtering = Boolean(query);
    away.forEach((element) => {
      element.hidden = filtering;
    });
    failed.hidden = !(filtering && answer === null);
    if (!filtering || answer === null) {
      results.hidden = true;
      empty.hidden = true;
      announce("");
      return;
    }
    const shownCodes = answer.codes.filter((code) => cards.has(code));
    const shownGuides = answer.guides.filter((slug) => guides.has(slug));
    codeList.replaceChildren(...shownCodes.map((code) => cards.get(code).cloneNode(true)));
    guideList.replaceChildren(...shownGuides.map((slug) => guides.get(slug).cloneNode(true)));
    guideList.parentElement.hidden = !shownGuides.length;
    partial.hidden = answer.every_word_matched;
    const nothing = !shownCodes.length && !shownGuides.length;
    results.hidden = nothing;
    results.dataset.answered = query;
    empty.hidden = !nothing;
    emptyQuery.textContent = query;
    const count = shownCodes.length;
    const template = [status.dataset.none, status.dataset.one][count] ?? status.dataset.many;
    announce(template.replace("{count}", count));
    // Typed from further down the page ("/" focuses the box anywhere): bring the answer up.
    const top = (nothing ? empty : results).getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight) window.scrollTo(0, 0);
  };

  const ask = async (query) => {
    if (pending) pending.abort();
    pending = new AbortController();
    const url = `${results.dataset.filterApi}?${new URLSearchParams({ q: query })}`;
    try {
      const response = await fetch(url, {
        signal: pending.signal,
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(`search answered ${response.status}`);
      answers.set(query, await response.json());
    } catch (error) {
      if (error.name === "AbortError") return;
      if (normalized() === query) show(query, null);
      return;
    }
    if (normalized() === query) show(query, answers.get(query));
  };

  const filter = ({ now = false } = {}) => {
    const query = normalized();
    clearTimeout(pause);
    keep(query);
    if (!query) {
      if (pending) pending.abort();
      show("", null);
    } else if (answers.has(query)) {
      show(query, answers.get(query));
    } else if (now) {
      ask(query);
    } else {
      pause = setTimeout(() => ask(query), FILTER_PAUSE_MS);
    }
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
  if (normalized()) filter({ now: true });
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
