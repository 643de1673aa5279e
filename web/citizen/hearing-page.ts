// The hearing page (GET/POST /hearing/:token): exactly what the caseworker found missing, with their message
// in the reader's language and why each document is asked for, an upload per missing document and an optional reply; then a receipt. Answering
// publishes documents-submitted for the round, which takes the case back to review.
import { Router, type Response } from 'express';
import { maxReplyLength, type Hearing } from '../../cases/hearings.js';
import { documentLabel } from '../../cases/mail-templates.js';
import { reasonInWords } from '../../cases/rejection-reasons.js';
import type { WebDeps } from '../deps.js';
import type { Language } from '../i18n.js';
import { languageOf, tOf, tokenOf } from './context.js';
import { ErrorCollector, type FormErrors } from './form-errors.js';
import { documentsSubmitted, publishOnce } from './process.js';
import { citizenUpload, fileProblem, filesByField, readableLimit } from './uploads.js';

const fileField = (kind: string) => `document-${kind}`;

/** Why a document is asked for, as the citizen reads it: a standard reason in their language, typed words as written. */
function reasonFor(reason: string | undefined, language: Language): string | undefined {
  return reason ? reasonInWords(reason, language) : undefined;
}

/** The hearing routes (behind the private-link rate limit). */
export function hearingRoutes({ caseFile, engine, config }: WebDeps): Router {
  const router = Router();
  const maxBytes = Math.min(config.documentMaxBytes, caseFile.documents.maxBytes);
  const upload = citizenUpload({ maxBytes, maxFiles: 12 });

  const render = (res: Response, token: string, hearing: Hearing, form: { reply?: string }, errors?: FormErrors) => {
    const language = languageOf(res);
    res.status(errors ? 400 : 200).render('citizen/hearing', {
      token,
      hearing,
      message: language === 'da' && hearing.messageDa.trim() !== '' ? hearing.messageDa : hearing.message,
      documents: hearing.missingDocuments.map((kind) => ({
        kind,
        field: fileField(kind),
        label: documentLabel(kind, language),
        reason: reasonFor(hearing.reasons[kind], language),
      })),
      limit: readableLimit(maxBytes),
      maxReplyLength,
      form,
      errors,
    });
  };

  router.get('/hearing/:token', async (req, res) => {
    const token = tokenOf(req);
    const hearing = await caseFile.hearings.findByToken(token);
    if (hearing.answeredAt) return res.redirect(303, `/hearing/${token}/received`);
    render(res, token, hearing, {});
  });

  router.post('/hearing/:token', upload, async (req, res) => {
    const token = tokenOf(req);
    const hearing = await caseFile.hearings.findByToken(token);
    if (hearing.answeredAt) return res.redirect(303, `/hearing/${token}/received`);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const reply = typeof body.reply === 'string' ? body.reply.trim() : '';
    const files = filesByField(req);
    const errors = new ErrorCollector(tOf(res));
    const limit = readableLimit(maxBytes);
    const language = languageOf(res);
    if (req.uploadProblem)
      errors.add(req.uploadProblem.field ?? 'reply', 'hearing.errors.fileTooLarge', { limit, document: '' });
    const uploads = [];
    for (const kind of hearing.missingDocuments) {
      const file = files.get(fileField(kind));
      if (!file) continue;
      const problem = fileProblem(file, maxBytes);
      const document = documentLabel(kind, language);
      if (problem === 'too-large') errors.add(fileField(kind), 'hearing.errors.fileTooLarge', { limit, document });
      else if (problem === 'type') errors.add(fileField(kind), 'hearing.errors.fileType', { limit, document });
      else uploads.push({ kind, filename: file.originalname, content: file.buffer });
    }
    if (reply.length > maxReplyLength) errors.add('reply', 'hearing.errors.replyTooLong', { max: maxReplyLength });
    if (errors.isEmpty && uploads.length === 0 && reply === '') {
      const first = hearing.missingDocuments[0];
      errors.add(first ? fileField(first) : 'reply', 'hearing.errors.nothing');
    }
    if (!errors.isEmpty) return render(res, token, hearing, { reply }, errors.result());
    const answer = await caseFile.hearings.answer(token, uploads, { reply });
    await publishOnce(engine, documentsSubmitted(answer.applicationId, hearing.round, answer.hearingId));
    res.redirect(303, `/hearing/${token}/received`);
  });

  router.get('/hearing/:token/received', async (req, res) => {
    const token = tokenOf(req);
    const hearing = await caseFile.hearings.findByToken(token);
    if (!hearing.answeredAt) return res.redirect(303, `/hearing/${token}`);
    res.render('citizen/hearing-received', { hearing });
  });

  return router;
}
