// Live Markdown preview on the admin's change forms. Progressive enhancement: without this
// script the preview shows the saved text. Each read-only "preview_xx" field follows the
// "description_xx" textarea of the same form, rendered by the site's own renderer on the server.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("#content-main form");
  const token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  // The model's preview URL sits beside its add, change and history pages.
  const url = location.pathname.replace(/(add|[^/]+\/change|[^/]+\/history\/[^/]+)\/$/, "preview/");
  if (!token || url === location.pathname) return;

  form.querySelectorAll("[class*='field-preview_']").forEach((row) => {
    const suffix = row.className.match(/field-preview_(\w+)/)[1];
    const source = form.querySelector(`textarea[name='description_${suffix}']`);
    const target = row.querySelector(".readonly");
    if (!source || !target) return;
    target.setAttribute("aria-live", "polite");

    let timer = null;
    let pending = null;
    const refresh = async () => {
      if (pending) pending.abort();
      pending = new AbortController();
      const body = new URLSearchParams({ text: source.value });
      try {
        const response = await fetch(url, {
          method: "POST",
          body,
          headers: { "X-CSRFToken": token.value },
          credentials: "same-origin",
          signal: pending.signal,
        });
        if (!response.ok) throw new Error(String(response.status));
        target.innerHTML = await response.text(); // sanitized by the server's renderer
        target.classList.remove("preview-stale");
      } catch (error) {
        if (error.name !== "AbortError") target.classList.add("preview-stale");
      }
    };
    source.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
  });
});
