// The citizen pages' own styles on top of DKFDS (the booking page's grid of times); no script.
import './citizen.css';
