// The design system's behaviour (accordions, file inputs, error summaries) for the citizen pages, started
// from a bundle because the Content-Security-Policy allows no inline script.
import * as DKFDS from 'dkfds';

DKFDS.init();
