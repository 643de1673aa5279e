// The production overview's figures: cases per status group and per municipality, the age of open cases,
// submitted vs closed per ISO week, and booked vs offered seats per week ahead. It must stay fast with
// 100,000 cases and more, so each panel is one aggregate query that PostgreSQL answers from indexes
// (migrations/20261123091000-overview-indexes.ts); nothing is counted in JavaScript but the few grouped rows.
// No personal data is read: counts only, so nothing here is audited. Weeks are the office's (Copenhagen)
// ISO weeks, Monday to Sunday.
import type { Knex } from 'knex';
import { officeTimeZone, type Clock } from './clock.js';
import { statusGroup, statusGroups, type ApplicationStatus, type StatusGroup } from './statuses.js';

/** Age buckets of open cases, in days since submission (0-7 means up to a week old). */
export const ageBuckets = ['0-7', '8-14', '15-30', '31-60', '61+'] as const;
/** One of them. */
export type AgeBucket = (typeof ageBuckets)[number];

/** Counts per status group. */
export type GroupCounts = Record<StatusGroup, number>;

/** A municipality's cases per group. */
export interface MunicipalityCounts {
  code: string;
  name: string;
  counts: GroupCounts;
  open: number;
  total: number;
}

/** Open cases of one age bucket, per group. */
export interface AgeingRow {
  bucket: AgeBucket;
  counts: GroupCounts;
  total: number;
}

/** One ISO week's flow: cases submitted and cases closed in it. */
export interface ThroughputRow {
  /** 2026-W07 */
  week: string;
  /** the Monday, YYYY-MM-DD */
  weekStart: string;
  submitted: number;
  closed: number;
}

/** One ISO week's appointment load: seats offered and seats booked. */
export interface AppointmentLoadRow {
  week: string;
  weekStart: string;
  capacity: number;
  booked: number;
}

/** The open user tasks of one candidate group: how many, how many past their due date, how many unclaimed. */
export interface TaskLoadRow {
  group: string;
  open: number;
  overdue: number;
  unassigned: number;
}

/** Every panel's figures. */
export interface OverviewFigures {
  generatedAt: Date;
  groups: GroupCounts;
  tasks: TaskLoadRow[];
  municipalities: MunicipalityCounts[];
  ageing: AgeingRow[];
  throughput: ThroughputRow[];
  appointmentLoad: AppointmentLoadRow[];
}

/** The overview's queries, one per panel. */
export interface Overview {
  /** Cases per status group. */
  groups(): Promise<GroupCounts>;
  /** Cases per municipality and group, every served municipality listed (by name). */
  municipalities(): Promise<MunicipalityCounts[]>;
  /** Open cases per age bucket and group. */
  ageing(): Promise<AgeingRow[]>;
  /** Submitted and closed per ISO week, the last `weeks` weeks up to this one, oldest first. */
  throughput(weeks?: number): Promise<ThroughputRow[]>;
  /** Seats offered and booked per ISO week, this week and the `weeks` - 1 after it. */
  appointmentLoad(weeks?: number): Promise<AppointmentLoadRow[]>;
  /** Open user tasks per candidate group, with the overdue ones (due date from the model) and the unclaimed. */
  tasks(): Promise<TaskLoadRow[]>;
  /** All panels, queried side by side. */
  all(options?: { throughputWeeks?: number; loadWeeks?: number }): Promise<OverviewFigures>;
}

const zeroCounts = (): GroupCounts => Object.fromEntries(statusGroups.map((g) => [g, 0])) as GroupCounts;

const clampWeeks = (weeks: number) => Math.min(Math.max(1, Math.floor(weeks)), 104);

/** The ISO weeks `first` to `last` weeks from the one `now` falls in, as SQL over a generate_series. */
function weeksSql(knex: Knex, now: Date, first: number, last: number): Knex.Raw {
  return knex.raw(
    `select week, to_char(week, 'IYYY-"W"IW') as label, to_char(week, 'YYYY-MM-DD') as week_start,
            week at time zone :zone as starts, (week + interval '1 week') at time zone :zone as ends
       from generate_series(date_trunc('week', :now::timestamptz at time zone :zone) + :first * interval '1 week',
                            date_trunc('week', :now::timestamptz at time zone :zone) + :last * interval '1 week',
                            interval '1 week') as week`,
    { now, zone: officeTimeZone, first, last },
  );
}

/** Creates the overview on a migrated database; `clock` says what "now" is (a spec's fake clock). */
export function createOverview({ knex, clock }: { knex: Knex; clock: Clock }): Overview {
  const overview: Overview = {
    async groups() {
      const result = await knex.raw<{ rows: { status: ApplicationStatus; count: number }[] }>(
        'select status, count(*)::int as count from applications group by status',
      );
      const counts = zeroCounts();
      for (const row of result.rows) counts[statusGroup(row.status)] += row.count;
      return counts;
    },

    async municipalities() {
      const result = await knex.raw<{
        rows: { code: string; name: string; status: ApplicationStatus | null; count: number }[];
      }>(
        `select m.code, m.name, c.status, coalesce(c.count, 0)::int as count
           from municipalities m
           left join (select municipality_code, status, count(*) as count
                        from applications group by municipality_code, status) c on c.municipality_code = m.code
          order by m.name, m.code`,
      );
      const byCode = new Map<string, MunicipalityCounts>();
      for (const row of result.rows) {
        const entry = byCode.get(row.code) ?? {
          code: row.code,
          name: row.name,
          counts: zeroCounts(),
          open: 0,
          total: 0,
        };
        if (row.status !== null) {
          const group = statusGroup(row.status);
          entry.counts[group] += row.count;
          entry.total += row.count;
          if (group !== 'closed') entry.open += row.count;
        }
        byCode.set(row.code, entry);
      }
      return [...byCode.values()];
    },

    async ageing() {
      const result = await knex.raw<{ rows: { bucket: AgeBucket; status: ApplicationStatus; count: number }[] }>(
        `select case when created_at > :now::timestamptz - interval '8 days' then '0-7'
                     when created_at > :now::timestamptz - interval '15 days' then '8-14'
                     when created_at > :now::timestamptz - interval '31 days' then '15-30'
                     when created_at > :now::timestamptz - interval '61 days' then '31-60'
                     else '61+' end as bucket,
                status, count(*)::int as count
           from applications
          where closed_at is null
          group by 1, 2`,
        { now: clock.now() },
      );
      const rows = ageBuckets.map((bucket): AgeingRow => ({ bucket, counts: zeroCounts(), total: 0 }));
      for (const row of result.rows) {
        const target = rows[ageBuckets.indexOf(row.bucket)];
        if (!target) continue;
        target.counts[statusGroup(row.status)] += row.count;
        target.total += row.count;
      }
      return rows;
    },

    async throughput(weeks = 12) {
      const n = clampWeeks(weeks);
      const result = await knex.raw<{
        rows: { label: string; week_start: string; submitted: number; closed: number }[];
      }>(
        `select w.label, w.week_start,
                (select count(*) from applications a
                  where a.created_at >= w.starts and a.created_at < w.ends)::int as submitted,
                (select count(*) from applications a
                  where a.closed_at >= w.starts and a.closed_at < w.ends)::int as closed
           from (${weeksSql(knex, clock.now(), 1 - n, 0).toQuery()}) w
          order by w.week`,
      );
      return result.rows.map((row) => ({
        week: row.label,
        weekStart: row.week_start,
        submitted: row.submitted,
        closed: row.closed,
      }));
    },

    async appointmentLoad(weeks = 6) {
      const n = clampWeeks(weeks);
      const result = await knex.raw<{
        rows: { label: string; week_start: string; capacity: number; booked: number }[];
      }>(
        `select w.label, w.week_start, coalesce(sum(s.capacity), 0)::int as capacity,
                coalesce(sum(s.booked), 0)::int as booked
           from (${weeksSql(knex, clock.now(), 0, n - 1).toQuery()}) w
           left join appointment_slots s on s.starts_at >= w.starts and s.starts_at < w.ends
          group by w.week, w.label, w.week_start
          order by w.week`,
      );
      return result.rows.map((row) => ({
        week: row.label,
        weekStart: row.week_start,
        capacity: row.capacity,
        booked: row.booked,
      }));
    },

    async tasks() {
      const result = await knex.raw<{ rows: TaskLoadRow[] }>(
        `select g as "group", count(*)::int as open,
                count(*) filter (where t.due_at < :now)::int as overdue,
                count(*) filter (where t.assignee is null)::int as unassigned
           from user_tasks t cross join lateral unnest(t.candidate_groups) as g
          where t.status = 'open'
          group by g order by g`,
        { now: clock.now() },
      );
      return result.rows;
    },

    async all(options = {}) {
      const generatedAt = clock.now();
      const [groups, tasks, municipalities, ageing, throughput, appointmentLoad] = await Promise.all([
        overview.groups(),
        overview.tasks(),
        overview.municipalities(),
        overview.ageing(),
        overview.throughput(options.throughputWeeks),
        overview.appointmentLoad(options.loadWeeks),
      ]);
      return { generatedAt, groups, tasks, municipalities, ageing, throughput, appointmentLoad };
    },
  };
  return overview;
}
