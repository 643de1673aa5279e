// Drafts of a rule change, and the four-eyes rule over them (issue 14). A designer saves a process, decision
// or form as a draft (nothing runs differently), sends it for approval, and a second person (never its
// author) approves it to take effect at once or from a date, or rejects it with a comment. Only an approved
// draft whose date has come may be deployed; the deployer marks it deployed with the engine's key. Every
// step is in the audit log with who and when. The roles (who may approve at all) are the web layer's.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../lib/errors/index.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';

export type DraftKind = 'process' | 'decision' | 'form';
export type DraftStatus = 'draft' | 'proposed' | 'approved' | 'rejected' | 'deployed';

/** A draft as the designer pages read it. */
export interface Draft {
  id: string;
  kind: DraftKind;
  resourceId: string;
  content: string;
  basedOnKey: string | null;
  status: DraftStatus;
  author: string;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  proposedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewComment: string | null;
  effectiveFrom: Date | null;
  rollbackOf: string | null;
  isEmergency: boolean;
  deployedKey: string | null;
  deployedAt: Date | null;
}

/** What saving a draft takes. */
export interface DraftInput {
  kind: DraftKind;
  resourceId: string;
  content: string;
  basedOnKey?: string | null | undefined;
  /** a rollback: the deployed version it takes back */
  rollbackOf?: string | null | undefined;
}

export interface DesignDrafts {
  /** Saves a new draft, or (with `id`) a new revision of one's own draft still being written. */
  save(input: DraftInput & { id?: string | undefined }, actor: string): Promise<Draft>;
  get(id: string): Promise<Draft>;
  /** Drafts, newest first; `status` narrows them. */
  list(status?: DraftStatus): Promise<Draft[]>;
  /** Sends one's own draft for approval. */
  propose(id: string, actor: string): Promise<Draft>;
  /**
   * Approves a proposed draft: `actor` must not be its author (ForbiddenError), except for a rollback a
   * team lead declares an emergency (the caller checks the role), which is logged as such. It takes effect
   * at `effectiveFrom` (now when not given).
   */
  approve(
    id: string,
    actor: string,
    options?: { comment?: string; effectiveFrom?: Date; emergency?: boolean },
  ): Promise<Draft>;
  /** Rejects a proposed draft with a comment; it goes back to its author as a draft. */
  reject(id: string, actor: string, comment: string): Promise<Draft>;
  /** Approved drafts whose date has come, oldest approval first: the deployer's work. */
  due(): Promise<Draft[]>;
  /**
   * Sends an approved draft the engine refused at deploy back to its author as a draft, with why, so it is
   * not tried again and again (the approval has to be given again for the mended draft).
   */
  refusedAtDeploy(id: string, reason: string, actor: string): Promise<Draft>;
  /** Records that an approved draft is deployed, under the engine's key. */
  markDeployed(id: string, deployedKey: string, actor: string): Promise<Draft>;
}

interface Row {
  id: string;
  kind: DraftKind;
  resource_id: string;
  content: string;
  based_on_key: string | null;
  status: DraftStatus;
  author: string;
  revision: number;
  created_at: Date;
  updated_at: Date;
  proposed_at: Date | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  review_comment: string | null;
  effective_from: Date | null;
  rollback_of: string | null;
  is_emergency: boolean;
  deployed_key: string | null;
  deployed_at: Date | null;
}

const toDraft = (row: Row): Draft => ({
  id: row.id,
  kind: row.kind,
  resourceId: row.resource_id,
  content: row.content,
  basedOnKey: row.based_on_key,
  status: row.status,
  author: row.author,
  revision: row.revision,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  proposedAt: row.proposed_at,
  reviewedBy: row.reviewed_by,
  reviewedAt: row.reviewed_at,
  reviewComment: row.review_comment,
  effectiveFrom: row.effective_from,
  rollbackOf: row.rollback_of,
  isEmergency: row.is_emergency,
  deployedKey: row.deployed_key,
  deployedAt: row.deployed_at,
});

const kinds: readonly DraftKind[] = ['process', 'decision', 'form'];
const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** The drafts on `knex`, their steps audited. */
export function createDesignDrafts({
  knex,
  audit,
  clock,
}: {
  knex: Knex;
  audit: AuditLog;
  clock: Clock;
}): DesignDrafts {
  const table = () => knex<Row>('design_drafts');

  async function rowOf(id: string, db: Knex = knex): Promise<Row> {
    const row: Row | undefined = isUuid(id)
      ? await db<Row>('design_drafts').where({ id }).forUpdate().first()
      : undefined;
    if (!row) throw new NotFoundError('no such draft', { draftId: id });
    return row;
  }

  /** Moves a draft on in one transaction with its audit row. */
  async function step(
    id: string,
    actor: string,
    action: string,
    change: (row: Row) => Partial<Row>,
    detail: (row: Row) => Record<string, string | number | boolean | null> = () => ({}),
  ): Promise<Draft> {
    return knex.transaction(async (trx) => {
      const row = await rowOf(id, trx);
      const changed = { ...change(row), updated_at: clock.now() };
      const [updated] = await trx<Row>('design_drafts').where({ id }).update(changed).returning<Row[]>('*');
      await audit.record(
        { actor, action, detail: { draftId: id, kind: row.kind, resourceId: row.resource_id, ...detail(row) } },
        trx,
      );
      return toDraft(updated ?? { ...row, ...changed });
    });
  }

  return {
    async save({ id, kind, resourceId, content, basedOnKey, rollbackOf }, actor) {
      if (!kinds.includes(kind)) throw new ValidationError('kind must be process, decision or form', { kind });
      if (!/^[A-Za-z_][\w.-]{0,200}$/.test(resourceId)) throw new ValidationError('the resource id is not usable');
      if (content.trim() === '') throw new ValidationError('content is required');
      const now = clock.now();
      if (id) {
        return step(
          id,
          actor,
          'design-draft-saved',
          (row) => {
            if (row.author !== actor) throw new ForbiddenError('only its author changes a draft', { draftId: id });
            if (row.status !== 'draft')
              throw new ConflictError(`a ${row.status} draft cannot be changed`, { draftId: id });
            return { content, resource_id: resourceId, revision: row.revision + 1 };
          },
          (row) => ({ revision: row.revision + 1 }),
        );
      }
      const row: Row = {
        id: randomUUID(),
        kind,
        resource_id: resourceId,
        content,
        based_on_key: basedOnKey ?? null,
        status: 'draft',
        author: actor,
        revision: 1,
        created_at: now,
        updated_at: now,
        proposed_at: null,
        reviewed_by: null,
        reviewed_at: null,
        review_comment: null,
        effective_from: null,
        rollback_of: rollbackOf ?? null,
        is_emergency: false,
        deployed_key: null,
        deployed_at: null,
      };
      await knex.transaction(async (trx) => {
        await trx<Row>('design_drafts').insert(row);
        await audit.record(
          {
            actor,
            action: 'design-draft-saved',
            detail: {
              draftId: row.id,
              kind,
              resourceId,
              revision: 1,
              basedOnKey: row.based_on_key,
              rollbackOf: row.rollback_of,
            },
          },
          trx,
        );
      });
      return toDraft(row);
    },

    async get(id) {
      return toDraft(await rowOf(id));
    },

    async list(status) {
      const rows: Row[] = await (status ? table().where({ status }) : table()).orderBy('updated_at', 'desc');
      return rows.map(toDraft);
    },

    propose: (id, actor) =>
      step(id, actor, 'design-draft-proposed', (row) => {
        if (row.author !== actor)
          throw new ForbiddenError('only its author sends a draft for approval', { draftId: id });
        if (row.status !== 'draft')
          throw new ConflictError(`a ${row.status} draft cannot be proposed`, { draftId: id });
        return { status: 'proposed', proposed_at: clock.now() };
      }),

    approve: (id, actor, { comment, effectiveFrom, emergency = false } = {}) =>
      step(
        id,
        actor,
        emergency ? 'design-draft-approved-in-emergency' : 'design-draft-approved',
        (row) => {
          if (emergency && !row.rollback_of)
            throw new ValidationError('only a rollback can be approved as an emergency', { draftId: id });
          if (row.author === actor && !emergency)
            throw new ForbiddenError('a draft is approved by a second person, never its author', { draftId: id });
          if (row.status !== 'proposed')
            throw new ConflictError(`a ${row.status} draft cannot be approved`, { draftId: id });
          const now = clock.now();
          return {
            status: 'approved',
            reviewed_by: actor,
            reviewed_at: now,
            review_comment: comment?.trim() || null,
            effective_from: effectiveFrom && effectiveFrom > now ? effectiveFrom : now,
            is_emergency: emergency,
          };
        },
        () => ({ effectiveFrom: (effectiveFrom ?? clock.now()).toISOString(), emergency }),
      ),

    reject: (id, actor, comment) =>
      step(id, actor, 'design-draft-rejected', (row) => {
        if (row.author === actor) throw new ForbiddenError('a draft is reviewed by a second person', { draftId: id });
        if (row.status !== 'proposed')
          throw new ConflictError(`a ${row.status} draft cannot be rejected`, { draftId: id });
        if (comment.trim() === '') throw new ValidationError('a rejection needs a comment');
        // back to its author, who can change it and send it again
        return { status: 'draft', reviewed_by: actor, reviewed_at: clock.now(), review_comment: comment.trim() };
      }),

    async due() {
      const rows: Row[] = await table()
        .where({ status: 'approved' })
        .andWhere('effective_from', '<=', clock.now())
        .orderBy('reviewed_at', 'asc');
      return rows.map(toDraft);
    },

    refusedAtDeploy: (id, reason, actor) =>
      step(id, actor, 'design-draft-refused-at-deploy', (row) => {
        if (row.status !== 'approved')
          throw new ConflictError(`a ${row.status} draft is not deployed`, { draftId: id });
        return { status: 'draft', review_comment: reason, effective_from: null };
      }),

    markDeployed: (id, deployedKey, actor) =>
      step(
        id,
        actor,
        'design-draft-deployed',
        (row) => {
          if (row.status !== 'approved')
            throw new ConflictError(`a ${row.status} draft is not deployed`, { draftId: id });
          return { status: 'deployed', deployed_key: deployedKey, deployed_at: clock.now() };
        },
        () => ({ deployedKey }),
      ),
  };
}
