// Apply (DOMAIN.md step 1): a start page that says what it takes, then four steps and a receipt, each a
// plain form that posts and redirects:
//   1. the move: nationality, purpose, length of stay, an earlier CPR number, move-in date, marriage. This
//      decides eligibility (refused with an explanation) and the checklist;
//   2. the applicant, the address in Denmark and the family coming along;
//   3. "check your answers": steps 1 and 2 in words, each with a link to change it;
//   4. the checklist the required-documents decision gives for this profile, with an upload per document.
// Files are chosen last, on the page that sends: a file cannot wait in the session like the answers do.
// The answers wait in the session between steps. Submitting creates the case, stores the files, starts the
// process and records it on the case.
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { NotFoundError, ValidationError } from '../../lib/errors/index.js';
import { documentLabel } from '../../cases/mail-templates.js';
import type { WebDeps } from '../deps.js';
import { applyLimit } from '../security/rate-limits.js';
import {
  checkAbout,
  checkMove,
  decisionVariables,
  earliestApplyDate,
  emptyAbout,
  isOldMoveIn,
  maxChildren,
  parseAbout,
  parseMove,
  problemErrors,
  purposes,
  refusalOf,
  stayLengths,
  toNewApplication,
  type AboutAnswers,
  type ApplyDraft,
  type MoveAnswers,
  type Refusal,
} from './apply-form.js';
import { answerSections } from './apply-check.js';
import { languageOf, todayOf, tOf } from './context.js';
import { citizenshipGroupOf, nationalities, nationalityName } from './countries.js';
import { ErrorCollector, toFormErrors, type FormErrors } from './form-errors.js';
import { requiredDocuments, startCaseProcess } from './process.js';
import { citizenUpload, fileProblem, filesByField, readableLimit } from './uploads.js';

declare module 'express-session' {
  interface SessionData {
    /** the apply form's answers so far */
    applyDraft?: ApplyDraft;
    /** made when the answers are complete: a double click on "send" creates one case, not two */
    applySubmissionId?: string;
    /** how many child rows step 2 shows */
    applyChildRows?: number;
    /** the last submitted application, for the receipt page */
    applyReceipt?: { reference: string; email: string };
  }
}

const refusals: readonly Refusal[] = ['short-stay', 'nordic-short-stay', 'has-cpr-number', 'too-early'];
const fileField = (kind: string) => `document-${kind}`;

/** The apply routes. */
export function applyRoutes({ caseFile, engine, config }: WebDeps): Router {
  const router = Router();
  const submitLimit = applyLimit();
  const maxBytes = Math.min(config.documentMaxBytes, caseFile.documents.maxBytes);
  const upload = citizenUpload({ maxBytes, maxFiles: 15 });

  const renderMove = (res: Response, move: Partial<MoveAnswers>, errors?: FormErrors) => {
    const language = languageOf(res);
    res.status(errors ? 400 : 200).render('citizen/apply-move', {
      move,
      errors,
      purposes,
      stayLengths,
      countries: nationalities(language),
      oldMoveIn: isIsoDraftMove(move) && isOldMoveIn(move, todayOf(caseFile.clock)),
      step: 1,
    });
  };

  const renderAbout = (res: Response, move: MoveAnswers, about: AboutAnswers, rows: number, errors?: FormErrors) => {
    const blank = emptyAbout(move).applicant;
    const children = [...about.children];
    while (children.length < Math.min(Math.max(rows, 1), maxChildren)) children.push({ ...blank });
    res.status(errors ? 400 : 200).render('citizen/apply-about', {
      move,
      about: { ...about, children },
      errors,
      canAddChild: children.length < maxChildren,
      countries: nationalities(languageOf(res)),
      nationalityName: nationalityName(move.nationality, languageOf(res)),
      step: 2,
    });
  };

  const renderDocuments = async (res: Response, draft: Required<ApplyDraft>, errors?: FormErrors) => {
    const language = languageOf(res);
    const required = await requiredDocuments(engine, decisionVariables(draft, todayOf(caseFile.clock)));
    res.status(errors ? 400 : 200).render('citizen/apply-documents', {
      documents: required.map((doc) => ({
        kind: doc.document,
        field: fileField(doc.document),
        label: documentLabel(doc.document, language),
        required: doc.document === 'passport',
      })),
      group: citizenshipGroupOf(draft.move.nationality),
      purpose: draft.move.purpose,
      limit: readableLimit(maxBytes),
      errors,
      step: 4,
    });
    return required;
  };

  const completeDraft = (req: Request): Required<ApplyDraft> | undefined => {
    const draft = req.session.applyDraft;
    return draft?.move && draft.about ? { move: draft.move, about: draft.about } : undefined;
  };

  /** A complete draft whose answers pass, or undefined after redirecting to the first step with a gap. */
  const readyDraft = (req: Request, res: Response): Required<ApplyDraft> | undefined => {
    const draft = completeDraft(req);
    const today = todayOf(caseFile.clock);
    const [t, language] = [tOf(res), languageOf(res)];
    if (!draft) {
      res.redirect(303, req.session.applyDraft?.move ? '/apply/about-you' : '/apply');
      return undefined;
    }
    if (checkMove(draft.move, t, today, language).list.length > 0) {
      res.redirect(303, '/apply');
      return undefined;
    }
    if (checkAbout(draft, t, today, language).list.length > 0) {
      res.redirect(303, '/apply/about-you');
      return undefined;
    }
    return draft;
  };

  router.get('/apply/start', (_req, res) => {
    res.render('citizen/apply-start', { limit: readableLimit(maxBytes) });
  });

  router.get('/apply', (req, res) => {
    renderMove(res, req.session.applyDraft?.move ?? {});
  });

  router.post('/apply', (req, res) => {
    const move = parseMove(req.body as Record<string, unknown>);
    const errors = checkMove(move, tOf(res), todayOf(caseFile.clock), languageOf(res));
    if (errors.list.length > 0) return renderMove(res, move, errors);
    req.session.applyDraft = { ...req.session.applyDraft, move };
    const refusal = refusalOf(move, todayOf(caseFile.clock));
    if (refusal) {
      const query = new URLSearchParams({ reason: refusal });
      if (refusal === 'too-early') query.set('from', earliestApplyDate(move.moveInDate));
      return res.redirect(303, `/apply/not-eligible?${query.toString()}`);
    }
    res.redirect(303, '/apply/about-you');
  });

  router.get('/apply/not-eligible', (req, res) => {
    const reason = refusals.find((r) => r === req.query.reason);
    if (!reason) return res.redirect(303, '/apply');
    const from = typeof req.query.from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(req.query.from) ? req.query.from : '';
    res.render('citizen/apply-refused', { reason, from });
  });

  router.get('/apply/about-you', (req, res) => {
    const move = req.session.applyDraft?.move;
    if (!move) return res.redirect(303, '/apply');
    const about = req.session.applyDraft?.about ?? emptyAbout(move);
    renderAbout(res, move, about, req.session.applyChildRows ?? about.children.length + 1);
  });

  router.post('/apply/about-you', async (req, res) => {
    const move = req.session.applyDraft?.move;
    if (!move) return res.redirect(303, '/apply');
    const body = req.body as Record<string, unknown>;
    const about = parseAbout(body, move);
    req.session.applyDraft = { move, about };
    req.session.applySubmissionId = randomUUID();
    if (body.action === 'add-child') {
      req.session.applyDraft = { move, about: { ...about, childrenComing: 'yes' } };
      req.session.applyChildRows = Math.min(about.children.length + 1, maxChildren);
      return res.redirect(303, '/apply/about-you#children');
    }
    const t = tOf(res);
    const draft = { move, about };
    let errors = checkAbout(draft, t, todayOf(caseFile.clock), languageOf(res));
    if (errors.list.length === 0) errors = await checkPostcode(about.postcode, errors);
    if (errors.list.length > 0) return renderAbout(res, move, about, about.children.length, errors);
    req.session.applyChildRows = about.children.length;
    res.redirect(303, '/apply/check');

    async function checkPostcode(postcode: string, found: FormErrors): Promise<FormErrors> {
      try {
        await caseFile.municipalities.municipalityForPostcode(postcode);
        return found;
      } catch (error) {
        if (!(error instanceof NotFoundError || error instanceof ValidationError)) throw error;
        const more = new ErrorCollector(t);
        more.add('postcode', error instanceof NotFoundError ? 'apply.errors.postcodeOutside' : 'apply.errors.postcode');
        return toFormErrors([...found.list, ...more.result().list]);
      }
    }
  });

  router.get('/apply/check', async (req, res) => {
    const draft = readyDraft(req, res);
    if (!draft) return;
    const language = languageOf(res);
    const required = await requiredDocuments(engine, decisionVariables(draft, todayOf(caseFile.clock)));
    res.render('citizen/apply-check', {
      sections: answerSections(draft, tOf(res), language),
      documents: required.map((doc) => documentLabel(doc.document, language)),
      step: 3,
    });
  });

  router.get('/apply/documents', async (req, res) => {
    const draft = readyDraft(req, res);
    if (!draft) return;
    await renderDocuments(res, draft);
  });

  router.post('/apply/documents', submitLimit, upload, async (req, res) => {
    const draft = completeDraft(req);
    if (!draft) return res.redirect(303, '/apply');
    const language = languageOf(res);
    const t = tOf(res);
    const required = await requiredDocuments(engine, decisionVariables(draft, todayOf(caseFile.clock)));
    const files = filesByField(req);
    const errors = new ErrorCollector(t);
    const limit = readableLimit(maxBytes);
    if (req.uploadProblem)
      errors.add(
        req.uploadProblem.field ?? fileField('passport'),
        req.uploadProblem.code === 'too-large' ? 'apply.errors.fileTooLarge' : 'apply.errors.tooManyFiles',
        { limit },
      );
    for (const doc of required) {
      const field = fileField(doc.document);
      const file = files.get(field);
      const label = documentLabel(doc.document, language);
      if (!file) {
        if (doc.document === 'passport') errors.add(field, 'apply.errors.fileMissing', { document: label });
        continue;
      }
      const problem = fileProblem(file, maxBytes);
      if (problem === 'too-large') errors.add(field, 'apply.errors.fileTooLarge', { limit, document: label });
      if (problem === 'type') errors.add(field, 'apply.errors.fileType', { limit, document: label });
    }
    if (!errors.isEmpty) {
      await renderDocuments(res, draft, errors.result());
      return;
    }
    let created;
    try {
      created = await caseFile.applications.create(
        { ...toNewApplication(draft, language), submissionId: req.session.applySubmissionId },
        'citizen',
      );
    } catch (error) {
      if (!(error instanceof ValidationError) || !Array.isArray(error.details.problems)) throw error;
      // a rule changed under the form (the date moved on): send the applicant back to the answers
      const problems = error.details.problems as { field: string; message: string }[];
      return renderAbout(
        res,
        draft.move,
        draft.about,
        draft.about.children.length,
        problemErrors(problems, draft.about, t),
      );
    }
    // the same submission again (a double click, a retry): the first request stores the files and starts the case
    if (!created.isNew) {
      req.session.applyReceipt = { reference: created.reference, email: draft.about.email };
      return res.redirect(303, '/apply/received');
    }
    for (const doc of required) {
      const file = files.get(fileField(doc.document));
      if (!file) continue;
      await caseFile.documents.upload(
        {
          applicationId: created.applicationId,
          kind: doc.document,
          filename: file.originalname,
          content: file.buffer,
          uploadedBy: 'citizen',
        },
        'citizen',
      );
    }
    await startCaseProcess(engine, caseFile, created.applicationId);
    req.session.applyReceipt = { reference: created.reference, email: draft.about.email };
    delete req.session.applyDraft;
    delete req.session.applyChildRows;
    delete req.session.applySubmissionId;
    res.redirect(303, '/apply/received');
  });

  router.get('/apply/received', (req, res) => {
    const receipt = req.session.applyReceipt;
    if (!receipt) return res.redirect(303, '/apply');
    res.render('citizen/apply-received', { receipt });
  });

  return router;
}

/** Whether step 1's answers so far hold a move-in date to ask about. */
const isIsoDraftMove = (move: Partial<MoveAnswers>): move is MoveAnswers => typeof move.moveInDate === 'string';
