// Live Markdown preview on the admin's change forms. Progressive enhancement: without this
// script each preview shows the text the form was rendered with. Every Markdown field's textarea
// (data-markdown) has its preview under it, rendered by the site's own renderer on the server.
// Listening on the form covers inline rows added after the page loaded too.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("#content-main form");
  const token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  // The model's preview URL sits beside its add, change and history pages.
  const url = location.pathname.replace(/(add|[^/]+\/change|[^/]+\/history\/[^/]+)\/$/, "preview/");
  if (!token || url === location.pathname) return;

  const timers = new WeakMap();
  const pending = new WeakMap();

  const refresh = async (source, target) => {
    if (pending.has(source)) pending.get(source).abort();
    const controller = new AbortController();
    pending.set(source, controller);
    const body = new URLSearchParams({ text: source.value });
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": token.value },
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      target.innerHTML = await response.text(); // sanitized by the server's renderer
      target.classList.remove("preview-stale");
    } catch (error) {
      if (error.name !== "AbortError") target.classList.add("preview-stale");
    }
  };

  form.addEventListener("input", (event) => {
    const source = event.target;
    if (!source.matches("textarea[data-markdown]")) return;
    const target = source.closest(".markdown-field").querySelector(".markdown-preview-output");
    clearTimeout(timers.get(source));
    timers.set(source, setTimeout(() => refresh(source, target), 250));
  });
});
