// The process designer (role process-designer): the deployed processes, decisions and forms with their
// versions and the cases on each process version, the deploy history, and an editor per kind (the Camunda 8
// modeler, dmn-js, the form-js editor) whose "Check" and "Deploy" post here. Deploys go through the engine
// client, so the same action works on the embedded engine and on Zeebe.
import { Router, type Request, type Response } from 'express';
import { ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors/index.js';
import { requireRole, staffActor } from '../auth/guards.js';
import { isLanguage, translator } from '../i18n.js';
import { deployModel, type DesignKind } from './designer-deploy.js';
import { draftRoutes } from './designer-drafts.js';
import { lintBpmn } from './designer-lint.js';
import { designerOverview, editorPage } from './designer-pages.js';
import type { StaffDeps } from './index.js';

const kinds: readonly DesignKind[] = ['process', 'decision', 'form'];
/** The browser bundle of each kind's editor (web/assets/<bundle>.entry.ts). */
const bundles: Record<DesignKind, string> = {
  process: 'designer-bpmn',
  decision: 'designer-dmn',
  form: 'designer-form',
};
const isKind = (value: unknown): value is DesignKind => kinds.includes(value as DesignKind);

/** The posted model text (JSON body `{ content }`), refused when missing. */
function contentOf(req: Request): string {
  const content = (req.body as { content?: unknown } | undefined)?.content;
  if (typeof content !== 'string' || content.trim() === '') throw new ValidationError('content is required');
  return content;
}

/** The page's translation function (res.locals is untyped). */
const tOf = (res: Response) => translator(isLanguage(res.locals.lang) ? res.locals.lang : 'en');

/** The routes under /staff/designer. */
export function designerRoutes(deps: StaffDeps): Router {
  const router = Router();
  const versions = deps.caseFile.processVersions;
  const guard = requireRole('process-designer');

  router.get('/staff/designer', guard, async (_req, res) => {
    res.render('staff/designer/index', await designerOverview(deps.caseFile.deployedResources, versions));
  });

  for (const kind of kinds)
    router.get(`/staff/designer/${kind}/:key`, guard, async (req: Request<{ key: string }>, res: Response) => {
      const page = await editorPage(deps.caseFile.deployedResources, kind, req.params.key);
      if (!page) throw new NotFoundError('no such deployed resource', { kind, key: req.params.key });
      res.render('staff/designer/editor', {
        ...page,
        bundle: bundles[kind],
        directDeploy: deps.config.designerDirectDeploy === 'on',
        dataJson: page.dataJson(tOf(res), String(res.locals.csrfToken), deps.config.designerDirectDeploy === 'on'),
      });
    });

  router.post('/staff/designer/lint', guard, async (req, res) => {
    const { findings } = await lintBpmn(contentOf(req));
    res.json({ findings });
  });

  router.post('/staff/designer/deploy', guard, async (req, res) => {
    // a change goes live through an approved draft; straight from the editor only where a site allows it
    if (deps.config.designerDirectDeploy !== 'on')
      throw new ForbiddenError('a change goes live only through a draft a second person approved', {
        allowed: ['approved draft'],
      });
    const kind = (req.body as { kind?: unknown } | undefined)?.kind;
    if (!isKind(kind)) throw new ValidationError('kind must be process, decision or form');
    const outcome = await deployModel(deps, kind, contentOf(req), staffActor(res));
    if (!outcome.deployed) {
      res
        .status(400)
        .type('application/problem+json')
        .json({
          title: outcome.source === 'lint' ? 'the model has errors' : 'the engine refused the model',
          status: 400,
          source: outcome.source,
          findings: outcome.findings,
        });
      return;
    }
    const { key, id, version, resourceName } = outcome.record;
    const t = tOf(res);
    req.session.flash = {
      kind: 'success',
      text: outcome.isNew ? t('designer:deployed', { id, version }) : t('designer:unchanged', { id, version }),
    };
    res.status(outcome.isNew ? 201 : 200).json({
      deployed: { kind, key, id, version, resourceName },
      isNew: outcome.isNew,
      findings: outcome.findings,
      url: `/staff/designer/${kind}/${key}`,
    });
  });

  router.use(draftRoutes(deps));
  return router;
}
