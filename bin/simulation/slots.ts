// Picks appointment slots for synthetic bookings: the earliest weeks first, spread over the free seats of a
// window so a few hundred citizens booking at once do not all queue on the same seat, and moving on to
// later weeks as the early ones fill (a year of applications needs a year of slots). A citizen who must live
// at the address first books from their move-in day on, as the booking page offers.
import type { Appointments } from '../../cases/appointments.js';
import { ConflictError } from '../../lib/errors/index.js';
import type { Random } from './random.js';

export interface SlotPicker {
  /** Tries free slots from `from` on with `book` until one takes the booking. */
  book(from: Date, book: (slotId: string) => Promise<void>): Promise<void>;
}

const dayMs = 86_400_000;

/** A free seat: one of a slot's available ones. */
interface Seat {
  slotId: string;
  startsAt: number;
}

export function slotPicker(appointments: Appointments, random: Random, now: () => Date): SlotPicker {
  // the earliest week that may still have seats, for citizens who may come at once
  let frontier = now().getTime();
  const free: Seat[] = [];
  const loading = new Map<number, Promise<void>>();

  /** Loads the first week from `from` with free seats into `free`, replacing what it held of that week. */
  async function load(from: number): Promise<void> {
    let start = Math.max(from, frontier);
    for (let tries = 0; tries < 200; tries++) {
      const end = start + 7 * dayMs;
      const slots = await appointments.listBookable(new Date(start), new Date(end), 'regular');
      const seats = slots.flatMap((slot) =>
        Array.from({ length: slot.available }, () => ({ slotId: slot.id, startsAt: slot.startsAt.getTime() })),
      );
      for (let i = free.length - 1; i >= 0; i--) {
        const seat = free[i];
        if (seat && seat.startsAt >= start && seat.startsAt < end) free.splice(i, 1);
      }
      free.push(...seats);
      if (seats.length > 0) return;
      // a week without seats is full for everyone: move the frontier on when it was the frontier's week
      if (start <= frontier) frontier = end;
      start = end;
    }
    throw new Error('no free appointment slots left in the next four years');
  }

  const candidatesFrom = (from: number) => free.filter((seat) => seat.startsAt >= from);

  return {
    async book(from, book) {
      const earliest = from.getTime();
      for (let attempt = 0; attempt < 1000; attempt++) {
        let candidates = candidatesFrom(earliest);
        if (candidates.length === 0) {
          // one load per starting point at a time, so a crowd waits for one query instead of sending many
          const key = Math.max(earliest, frontier);
          let pending = loading.get(key);
          if (!pending) {
            pending = load(key).finally(() => loading.delete(key));
            loading.set(key, pending);
          }
          await pending;
          candidates = candidatesFrom(earliest);
        }
        const seat = candidates[Math.floor(random() * candidates.length)];
        if (!seat) continue;
        free.splice(free.indexOf(seat), 1);
        try {
          await book(seat.slotId);
          return;
        } catch (error) {
          // full (someone else took the seat) or passed: try another
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      throw new Error('could not book any slot');
    },
  };
}
