// Picks appointment slots for synthetic bookings: the earliest weeks first, spread over the free seats of a
// window so a few hundred citizens booking at once do not all queue on the same seat, and moving on to
// later weeks as the early ones fill (a year of applications needs a year of slots).
import type { Appointments } from '../../cases/appointments.js';
import { ConflictError } from '../../lib/errors/index.js';
import type { Random } from './random.js';

export interface SlotPicker {
  /** Tries free slots with `book` until one takes the booking. */
  book(book: (slotId: string) => Promise<void>): Promise<void>;
}

const dayMs = 86_400_000;

export function slotPicker(appointments: Appointments, random: Random, now: () => Date): SlotPicker {
  let windowStart = now();
  let free: string[] = [];
  let loading: Promise<void> | undefined;
  const load = async () => {
    for (let tries = 0; tries < 200 && free.length === 0; tries++) {
      const slots = await appointments.listBookable(
        windowStart,
        new Date(windowStart.getTime() + 7 * dayMs),
        'regular',
      );
      free = slots.flatMap((slot) => Array.from({ length: slot.available }, () => slot.id));
      if (free.length === 0) windowStart = new Date(windowStart.getTime() + 7 * dayMs);
    }
    if (free.length === 0) throw new Error('no free appointment slots left in the next four years');
  };
  return {
    async book(book) {
      for (let attempt = 0; attempt < 1000; attempt++) {
        if (free.length === 0) {
          loading ??= load().finally(() => {
            loading = undefined;
          });
          await loading;
        }
        const index = Math.floor(random() * free.length);
        const [slotId] = free.splice(index, 1);
        if (slotId === undefined) continue;
        try {
          await book(slotId);
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
