// The production overview (team lead, back office, front office): cases per status group and municipality,
// the age of open cases, weekly throughput, the appointment load ahead, and the engine's incidents. Figures
// come from one aggregate query per panel (cases/overview.ts). Each chart's data goes to the browser in a
// JSON script block, with labels already translated, and the same figures are printed as tables, so the
// page reads completely without the charts.
import { Router, type Response } from 'express';
import { createOverview, type OverviewFigures } from '../../cases/overview.js';
import { statusGroups, type StatusGroup } from '../../cases/statuses.js';
import { createEngineJournal } from '../../lib/engine-client/journal.js';
import { requireRole } from '../auth/guards.js';
import { isLanguage, translator } from '../i18n.js';
import { scriptJson } from '../views.js';
import type { StaffDeps } from './index.js';

/** One chart as the browser bundle draws it. */
export interface ChartSpec {
  type: 'bar' | 'line';
  labels: string[];
  datasets: { label: string; data: number[] }[];
  stacked?: boolean;
  horizontal?: boolean;
}

const openGroups: StatusGroup[] = ['in-progress', 'awaiting-citizen', 'ready-for-attendance'];

/** The charts of the figures, labelled in `t`'s language. */
export function chartsOf(figures: OverviewFigures, t: (key: string) => string): Record<string, ChartSpec> {
  const groupLabel = (group: StatusGroup) => t(`cases:group.${group}`);
  const busy = figures.municipalities.filter((m) => m.open > 0);
  return {
    groups: {
      type: 'bar',
      labels: statusGroups.map(groupLabel),
      datasets: [{ label: t('overview:groups.cases'), data: statusGroups.map((g) => figures.groups[g]) }],
    },
    municipalities: {
      type: 'bar',
      horizontal: true,
      stacked: true,
      labels: busy.map((m) => m.name),
      datasets: openGroups.map((g) => ({ label: groupLabel(g), data: busy.map((m) => m.counts[g]) })),
    },
    ageing: {
      type: 'bar',
      stacked: true,
      labels: figures.ageing.map((row) => t(`overview:ageing.bucket.${row.bucket}`)),
      datasets: openGroups.map((g) => ({ label: groupLabel(g), data: figures.ageing.map((row) => row.counts[g]) })),
    },
    throughput: {
      type: 'line',
      labels: figures.throughput.map((row) => row.week),
      datasets: [
        { label: t('overview:throughput.submitted'), data: figures.throughput.map((row) => row.submitted) },
        { label: t('overview:throughput.closed'), data: figures.throughput.map((row) => row.closed) },
      ],
    },
    appointments: {
      type: 'bar',
      labels: figures.appointmentLoad.map((row) => row.week),
      datasets: [
        { label: t('overview:appointments.capacity'), data: figures.appointmentLoad.map((row) => row.capacity) },
        { label: t('overview:appointments.booked'), data: figures.appointmentLoad.map((row) => row.booked) },
      ],
    },
  };
}

/** The routes of the production overview. */
export function overviewRoutes(deps: StaffDeps): Router {
  const overview = createOverview({ knex: deps.knex, clock: deps.caseFile.clock });
  const journal = createEngineJournal({ knex: deps.knex });
  const router = Router();

  router.get(
    '/staff/overview',
    requireRole('team-lead', 'back-office', 'front-office'),
    async (_req, res: Response) => {
      const language: unknown = res.locals.lang;
      const t = translator(isLanguage(language) ? language : 'en');
      const [figures, incidents] = await Promise.all([overview.all(), journal.incidents()]);
      const specs = Object.entries(chartsOf(figures, (key) => t(key)));
      const charts = Object.fromEntries(specs.map(([name, spec]) => [name, scriptJson(spec)]));
      const openTotal = openGroups.reduce((sum, g) => sum + figures.groups[g], 0);
      // a chart of nothing but zeros draws an empty frame that reads as broken: say there is nothing yet
      const emptyCharts = Object.fromEntries(
        specs.map(([name, spec]) => [
          name,
          spec.labels.length === 0 || spec.datasets.every((d) => d.data.every((v) => v === 0)),
        ]),
      );
      res.render('staff/overview/index', {
        figures,
        groups: statusGroups,
        openGroups,
        openTotal,
        incidents,
        charts,
        emptyCharts,
      });
    },
  );

  return router;
}
