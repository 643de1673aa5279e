// A rule change goes live only through an approved draft (issue 14): the designer saves the edited model as
// a draft and sends it for approval; a team lead or another designer (never its author) approves it, at once
// or from a date, or rejects it with a comment; the deployer puts approved drafts live when their date has
// come, on approval and then every half minute, so a date in the future is kept across restarts (the date is
// in the database). The editor's old direct deploy answers 403 unless DESIGNER_DIRECT_DEPLOY=on.
import { Router, type Request, type Response } from 'express';
import { isIsoDate, zonedInstant } from '../../cases/clock.js';
import type { Draft, DraftKind } from '../../cases/design-drafts.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../lib/errors/index.js';
import { hasRole, requireRole, staffActor } from '../auth/guards.js';
import { isLanguage, translator } from '../i18n.js';
import { diffDecisions } from './decision-diff.js';
import { diffForms } from './form-diff.js';
import { checkModel, deployModel } from './designer-deploy.js';
import { hasErrors } from './designer-lint.js';
import type { StaffDeps } from './index.js';

const kinds: readonly DraftKind[] = ['process', 'decision', 'form'];
const isKind = (value: unknown): value is DraftKind => kinds.includes(value as DraftKind);
const tOf = (res: Response) => translator(isLanguage(res.locals.lang) ? res.locals.lang : 'en');
const wantsJson = (req: Request) => typeof req.is('application/json') === 'string';
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A draft as the routes answer it: everything but the model text. */
const summary = ({ content: _content, ...draft }: Draft) => draft;

/** A model with no decisions: what a draft of a new decision is compared with. */
const emptyDmn =
  '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="empty" name="empty" namespace="http://camunda.org/schema/1.0/dmn"/>';

/** How often the deployer looks for approved drafts whose date has come. */
export const deployerIntervalMs = 30_000;

/** Deploys the approved drafts whose date has come; returns the ones it put live. */
export async function deployDueDrafts(deps: Pick<StaffDeps, 'caseFile' | 'engine' | 'log'>): Promise<Draft[]> {
  const { designDrafts } = deps.caseFile;
  const live: Draft[] = [];
  for (const draft of await designDrafts.due()) {
    // deployed in the approver's name: theirs is the decision that it goes live
    const actor = draft.reviewedBy ?? 'system:design-deployer';
    const outcome = await deployModel(deps, draft.kind, draft.content, actor);
    if (!outcome.deployed) {
      // back to its author with the engine's findings, rather than tried again every round
      const why = outcome.findings.map((f) => (f.elementId ? `${f.elementId}: ${f.message}` : f.message)).join('; ');
      deps.log.warn({ draftId: draft.id, source: outcome.source }, 'an approved draft was refused at deploy');
      await designDrafts.refusedAtDeploy(draft.id, why.slice(0, 2000), 'system:design-deployer');
      continue;
    }
    try {
      live.push(await designDrafts.markDeployed(draft.id, outcome.record.key, 'system:design-deployer'));
    } catch (error) {
      // another web process deployed it first: the engine took the same content once
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return live;
}

/** Runs the deployer every `intervalMs` until closed. */
export function startDraftDeployer(
  deps: Pick<StaffDeps, 'caseFile' | 'engine' | 'log'>,
  intervalMs = deployerIntervalMs,
): { close(): void } {
  const timer = setInterval(() => {
    deployDueDrafts(deps).catch((error: unknown) =>
      deps.log.error({ err: error }, 'the deployer of approved drafts failed; it tries again'),
    );
  }, intervalMs);
  timer.unref();
  return { close: () => clearInterval(timer) };
}

/** The draft routes under /staff/designer/drafts, and the guard on the direct deploy. */
export function draftRoutes(deps: StaffDeps): Router {
  const router = Router();
  const drafts = deps.caseFile.designDrafts;
  const designer = requireRole('process-designer');
  const reviewer = requireRole('team-lead', 'process-designer');

  /** Answers JSON to the editor's script, or goes back to the drafts page for a form post. */
  const answer = (req: Request, res: Response, draft: Draft, message: string) => {
    if (wantsJson(req)) {
      res.json({ draft: summary(draft) });
      return;
    }
    req.session.flash = { kind: 'success', text: message };
    res.redirect(303, '/staff/designer/drafts');
  };

  /** Each live resource with a version before it, which a rollback brings back. */
  async function rollbackChoices() {
    const deployed = deps.caseFile.deployedResources;
    const choices = [];
    for (const kind of kinds)
      for (const live of await deployed.latest(kind)) {
        const [current, previous] = await deployed.list(kind, live.id);
        if (current && previous)
          choices.push({ kind, resourceId: live.id, current: current.version, previous: previous.version });
      }
    return choices;
  }

  /** A decision's or a form's draft changes in words against the live version; [] for a process (not yet). */
  async function changesOf(draft: Draft, res: Response): Promise<string[]> {
    if (draft.status === 'deployed' || draft.kind === 'process') return [];
    if (draft.kind === 'form') {
      const [live] = await deps.caseFile.deployedResources.list('form', draft.resourceId);
      const liveJson = live ? await deps.caseFile.deployedResources.content(live.key) : undefined;
      return diffForms(liveJson, draft.content, tOf(res));
    }
    const drg = /<(?:[\w-]+:)?definitions\b[^>]*?\sid="([^"]+)"/.exec(draft.content)?.[1] ?? '';
    const [live] = await deps.caseFile.deployedResources.list('decision', drg);
    const liveXml = live ? await deps.caseFile.deployedResources.content(live.key) : undefined;
    const language = isLanguage(res.locals.lang) ? res.locals.lang : 'en';
    try {
      const diffs = await diffDecisions(liveXml ?? emptyDmn, draft.content, tOf(res), language);
      return diffs.flatMap((d) => d.sentences);
    } catch {
      // a model the parser cannot read has no changes to show; its checks say why
      return [];
    }
  }

  router.get('/staff/designer/drafts', reviewer, async (_req, res) => {
    const all = await drafts.list();
    const changes = Object.fromEntries(
      await Promise.all(all.map(async (d) => [d.id, await changesOf(d, res)] as const)),
    );
    res.render('staff/designer/drafts', {
      drafts: all.map(summary),
      changes,
      rollbacks: await rollbackChoices(),
      isLead: hasRole(res.locals.staff, ['team-lead']),
      canDesign: hasRole(res.locals.staff, ['process-designer']),
      me: staffActor(res),
    });
  });

  // a rollback brings the version before the live one back as a new deployment: a draft like any other,
  // proposed at once, approved by a second person, unless a team lead declares an emergency (logged as such)
  router.post('/staff/designer/rollback', reviewer, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!isKind(body.kind)) throw new ValidationError('kind must be process, decision or form');
    const resourceId = text(body.resourceId);
    const emergency = body.emergency === 'on' || body.emergency === true;
    if (emergency && !hasRole(res.locals.staff, ['team-lead']))
      throw new ForbiddenError('only a team lead declares an emergency', { allowed: ['team-lead'] });
    const deployed = deps.caseFile.deployedResources;
    const [current, previous] = await deployed.list(body.kind, resourceId);
    if (!current || !previous)
      throw new ConflictError('there is no earlier version to go back to', { kind: body.kind, resourceId });
    const content = await deployed.content(previous.key);
    if (content === undefined) throw new ConflictError('the earlier version’s text is not kept here', { resourceId });
    const actor = staffActor(res);
    // the draft names the resource as every draft does: by the file it deploys as (its process, decision or form id)
    const draft = await drafts.save(
      {
        kind: body.kind,
        resourceId: previous.resourceName.replace(/\.(bpmn|dmn|form)$/, ''),
        content,
        basedOnKey: current.key,
        rollbackOf: current.key,
      },
      actor,
    );
    let after = await drafts.propose(draft.id, actor);
    if (emergency) {
      await drafts.approve(draft.id, actor, { emergency: true, comment: text(body.comment) });
      after = (await deployDueDrafts(deps)).find((d) => d.id === draft.id) ?? (await drafts.get(draft.id));
    }
    const t = tOf(res);
    answer(
      req,
      res,
      after,
      t(emergency ? 'designer:drafts.live' : 'designer:drafts.rollbackProposed', { version: previous.version }),
    );
  });

  router.post('/staff/designer/drafts', designer, async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!isKind(body.kind)) throw new ValidationError('kind must be process, decision or form');
    const content = text(body.content);
    const { resourceId, findings } = await checkModel(body.kind, content);
    if (!resourceId) {
      res.status(400).type('application/problem+json').json({ title: 'the model has errors', status: 400, findings });
      return;
    }
    const draft = await drafts.save(
      {
        ...(text(body.draftId) ? { id: text(body.draftId) } : {}),
        kind: body.kind,
        resourceId,
        content,
        basedOnKey: text(body.basedOnKey) || null,
      },
      staffActor(res),
    );
    res.status(text(body.draftId) ? 200 : 201).json({ draft: summary(draft), findings });
  });

  router.post('/staff/designer/drafts/:id/propose', designer, async (req: Request<{ id: string }>, res) => {
    const current = await drafts.get(req.params.id);
    // nothing the checks refuse goes to a reviewer: the same lint and parse the deploy runs
    const { findings } = await checkModel(current.kind, current.content);
    if (hasErrors(findings)) {
      res.status(400).type('application/problem+json').json({ title: 'the model has errors', status: 400, findings });
      return;
    }
    const draft = await drafts.propose(req.params.id, staffActor(res));
    answer(req, res, draft, tOf(res)('designer:drafts.proposed'));
  });

  router.post('/staff/designer/drafts/:id/approve', reviewer, async (req: Request<{ id: string }>, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    // a date is the start of that day in Copenhagen ("the new rules apply from 1 January"); an instant as given
    const from = text(body.effectiveFrom).trim();
    const effectiveFrom = !from ? undefined : isIsoDate(from) ? zonedInstant(from, '00:00') : new Date(from);
    if (effectiveFrom && Number.isNaN(effectiveFrom.getTime()))
      throw new ValidationError('effectiveFrom must be a date and time');
    const draft = await drafts.approve(req.params.id, staffActor(res), {
      comment: text(body.comment),
      ...(effectiveFrom ? { effectiveFrom } : {}),
    });
    // at once when its date has come; a later date waits for the deployer. The approval is stored either
    // way: an engine out of reach now only delays the deploy to the deployer's next round
    const live = await deployDueDrafts(deps).catch((error: unknown) => {
      deps.log.warn({ err: error, draftId: draft.id }, 'the approved draft waits for the deployer');
      return [] as Draft[];
    });
    const now = live.find((d) => d.id === draft.id) ?? draft;
    answer(req, res, now, tOf(res)(now.status === 'deployed' ? 'designer:drafts.live' : 'designer:drafts.scheduled'));
  });

  router.post('/staff/designer/drafts/:id/reject', reviewer, async (req: Request<{ id: string }>, res) => {
    const draft = await drafts.reject(
      req.params.id,
      staffActor(res),
      text((req.body as Record<string, unknown>).comment),
    );
    answer(req, res, draft, tOf(res)('designer:drafts.rejected'));
  });

  return router;
}
