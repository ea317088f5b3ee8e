// Starts GOV.UK Frontend's components (the service navigation's menu on small screens, the skip link's focus).
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();
