// The design system's behaviour (accordions, file inputs, error summaries) for the citizen and staff pages,
// started from a bundle because the Content-Security-Policy allows no inline script; and the few corrections
// to its styles that both sides share (dkfds.css); and the follow-up questions that appear after an answer.
import * as DKFDS from 'dkfds';
import './language-switcher.css';
import './forms.css';
import { initShownWhen } from './shown-when.js';

DKFDS.init();
initShownWhen();
