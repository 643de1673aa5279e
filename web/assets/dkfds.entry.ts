// The design system's behaviour (accordions, file inputs, error summaries) for the citizen and staff pages,
// started from a bundle because the Content-Security-Policy allows no inline script; and the few corrections
// to its styles that both sides share (dkfds.css).
import * as DKFDS from 'dkfds';
import './language-switcher.css';

DKFDS.init();
