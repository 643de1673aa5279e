// Appointment slots, bookings and booking invitations. A slot counts its bookings in `booked`, and the
// check constraint booked <= capacity is what makes overbooking impossible: a booking increments the
// counter with a conditional update, which row-locks the slot, so concurrent bookings queue on the row and
// the ones that find it full get nothing back.
import type { Knex } from 'knex';

/** Creates appointment_slots, booking_invitations and bookings. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table appointment_slots (
      id text not null,
      desk text not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      capacity integer not null,
      booked integer not null default 0,
      -- student slots are the extra ones opened at the January and September peaks
      kind text not null,
      created_at timestamptz not null default now(),
      constraint appointment_slots_pkey primary key (id),
      constraint appointment_slots_desk_starts_at_key unique (desk, starts_at),
      constraint appointment_slots_kind_check check (kind in ('regular', 'student')),
      constraint appointment_slots_times_check check (ends_at > starts_at),
      constraint appointment_slots_capacity_check check (capacity >= 0 and booked >= 0 and booked <= capacity)
    )`);
  await knex.raw(`create index appointment_slots_starts_at_idx on appointment_slots (starts_at)`);
  await knex.raw(`
    create table booking_invitations (
      id text not null,
      application_id text not null references applications (id),
      idempotency_key text not null,
      token_hash text not null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      used_at timestamptz,
      booking_id text,
      -- superseded by a newer invitation, or the case closed
      closed_at timestamptz,
      constraint booking_invitations_pkey primary key (id),
      constraint booking_invitations_idempotency_key_key unique (application_id, idempotency_key),
      constraint booking_invitations_token_hash_key unique (token_hash),
      constraint booking_invitations_used_check check ((used_at is null) = (booking_id is null))
    )`);
  await knex.raw(`
    create table bookings (
      id text not null,
      application_id text not null references applications (id),
      slot_id text not null references appointment_slots (id),
      invitation_id text not null references booking_invitations (id),
      status text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint bookings_pkey primary key (id),
      constraint bookings_status_check check (status in ('booked', 'attended', 'no-show', 'cancelled'))
    )`);
  // an applicant holds one seat at a time
  await knex.raw(`create unique index bookings_one_active_idx on bookings (application_id) where status = 'booked'`);
  await knex.raw(`create index bookings_slot_id_idx on bookings (slot_id)`);
}

/** Drops the appointment tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bookings');
  await knex.schema.dropTable('booking_invitations');
  await knex.schema.dropTable('appointment_slots');
}
