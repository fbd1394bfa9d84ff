// Keeps a running import's page up to date without reloading it. Every few seconds it fetches the page again and
// copies the new stage, bar and count into this one (the count is a polite live region, so screen readers hear it);
// when the import has finished, it loads the page again to show the result. Without JavaScript the page reloads
// itself instead (<noscript><meta http-equiv="refresh">). "Stop updating this page" turns both off.
const status = document.getElementById("import-status");
const seconds = Number(status?.dataset.refreshSeconds);

async function poll() {
  let fresh;
  try {
    const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) {
      return; // the page shows a link to refresh by hand
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    fresh = page.getElementById("import-status");
  } catch {
    window.setTimeout(poll, seconds * 1000); // a dropped connection: try again
    return;
  }
  if (!fresh || !fresh.dataset.refreshSeconds) {
    window.location.reload(); // finished: show the result
    return;
  }
  for (const part of status.querySelectorAll("[data-part]")) {
    const update = fresh.querySelector(`[data-part="${part.dataset.part}"]`);
    if (!update) {
      continue;
    }
    if (part.dataset.part === "bar") {
      part.dataset.percent = update.dataset.percent;
      part.style.width = `${Number(update.dataset.percent)}%`; // through the CSSOM, which the page's policy allows
    } else if (part.textContent !== update.textContent) {
      part.textContent = update.textContent;
    }
  }
  window.setTimeout(poll, seconds * 1000);
}

if (status && seconds > 0) {
  window.setTimeout(poll, seconds * 1000);
}
