// No mail carries a CPR number any more (cases/mail-templates.ts). Registration mails still waiting to be
// sent were written with the number in them; this writes them again as the template now does. Mails already
// sent stay as they were sent: the outbox is the record of what went out.
import type { Knex } from 'knex';
import { renderMail, type Language } from '../cases/mail-templates.js';

/** Rewrites the pending cpr-issued mails without the number. */
export async function up(knex: Knex): Promise<void> {
  const pending = await knex('notification_outbox as o')
    .join('applications as a', 'a.id', 'o.application_id')
    .where({ 'o.template': 'cpr-issued', 'o.status': 'pending' })
    .select<{ id: string; language: Language; reference: string }[]>('o.id', 'o.language', 'a.reference');
  for (const mail of pending) {
    const rendered = renderMail({ template: 'cpr-issued' }, { reference: mail.reference, language: mail.language });
    await knex('notification_outbox')
      .where({ id: mail.id })
      .update({ subject: rendered.subject, body_text: rendered.text });
  }
}

/** The number is not written back: there is nothing to undo. */
export async function down(): Promise<void> {}
