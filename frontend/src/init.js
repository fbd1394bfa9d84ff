// Start GOV.UK Frontend's components (error summary focus, radios, checkboxes...). Pages work without it.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();

// A create form's one-time token (commissioning.core.concurrency) must come back with the form when the person
// goes back to it after sending it, so that sending it again shows the record already made instead of a second
// one. The page is fetched again on the way back, with a fresh token, so keep each form's token in the history
// entry's state and put it back.
const tokens = document.querySelectorAll('input[type="hidden"][name="form_token"]');
if (tokens.length) {
  const state = history.state && typeof history.state === "object" ? history.state : {};
  const kept = Array.isArray(state.formTokens) ? state.formTokens : [];
  tokens.forEach((token, index) => {
    if (kept[index]) token.value = kept[index];
  });
  history.replaceState({ ...state, formTokens: Array.from(tokens, (token) => token.value) }, "");
}
