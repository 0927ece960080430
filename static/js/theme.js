// The theme the reader chose (site.js keeps it), applied before the first paint: this script
// is loaded without defer so that a chosen dark theme never flashes light. Without it, or with
// no choice made, the system's light or dark setting applies (site.css).
"use strict";
try {
  const theme = localStorage.getItem("theme");
  if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
} catch {
  // Storage blocked (a privacy setting): the system's setting applies.
}
