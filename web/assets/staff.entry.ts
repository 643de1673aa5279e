// The staff pages' own styles on top of dkfds (navigation, task list, the case file beside the form).
import './staff.css';
