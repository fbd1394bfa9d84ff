// Start GOV.UK Frontend's components (error summary focus, radios, checkboxes...). Pages work without it.
import { initAll } from "./govuk/govuk-frontend.min.js";

initAll();
