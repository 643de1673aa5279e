// What a decision draft changes against the version that runs (issue 14), rule by rule, in words a
// caseworker can check: "When Purpose of stay is study and Citizenship group is other: now also needs
// Admission letter". Rules are matched by their ids, which the decision table editor keeps when a cell is
// edited; a rule with a new id is added, one whose id is gone is removed, and a kept rule lists the cells that
// changed. Both models are read with dmn-moddle, the library the decision editor writes them with.
import { DmnModdle } from 'dmn-moddle';
import type { TFunction } from 'i18next';
import { documentLabel } from '../../cases/mail-templates.js';
import type { Language } from '../i18n.js';

/** A rule: its input tests and output expressions, by column. */
export interface DecisionTableRule {
  id: string;
  inputEntries: string[];
  outputEntries: string[];
}

/** What the diff reads of a decision table. */
interface DecisionTableLogic {
  inputs: { name: string }[];
  outputs: { name: string | null; label: string | null }[];
  rules: DecisionTableRule[];
}

interface MNode {
  id?: string;
  $type?: string;
  label?: string;
  name?: string;
  text?: string;
  decisionLogic?: MNode;
  inputExpression?: MNode;
  drgElement?: MNode[];
  input?: MNode[];
  output?: MNode[];
  rule?: MNode[];
  inputEntry?: MNode[];
  outputEntry?: MNode[];
}

/** One changed cell of a kept rule. */
export interface CellChange {
  column: string;
  before: string;
  after: string;
}

/** What changed in one decision table. */
export interface DecisionDiff {
  decisionId: string;
  added: DecisionTableRule[];
  removed: DecisionTableRule[];
  changed: { rule: DecisionTableRule; cells: CellChange[] }[];
  /** the changes in words, one sentence each */
  sentences: string[];
}

/** The decision tables of a model by decision id. */
async function tables(xml: string): Promise<Map<string, DecisionTableLogic>> {
  const { rootElement } = await new DmnModdle().fromXML(xml, 'dmn:Definitions');
  const root = rootElement as MNode;
  const found = new Map<string, DecisionTableLogic>();
  for (const element of root.drgElement ?? []) {
    const table = element.decisionLogic;
    if (element.$type !== 'dmn:Decision' || table?.$type !== 'dmn:DecisionTable' || !element.id) continue;
    found.set(element.id, {
      inputs: (table.input ?? []).map((i) => ({ name: i.label ?? i.inputExpression?.text ?? i.id ?? '' })),
      outputs: (table.output ?? []).map((o) => ({ name: o.name ?? null, label: o.label ?? null })),
      rules: (table.rule ?? []).map((r) => ({
        id: r.id ?? '',
        inputEntries: (r.inputEntry ?? []).map((e) => e.text ?? ''),
        outputEntries: (r.outputEntry ?? []).map((e) => e.text ?? ''),
      })),
    });
  }
  return found;
}

/** A unary test as words: "study" for "\"study\"", "not other" for not("other"), "any" for "-". */
function testWords(test: string): string {
  const trimmed = test.trim();
  if (trimmed === '' || trimmed === '-') return '';
  const unquoted = trimmed.replace(/"([^"]*)"/g, '$1');
  const negated = /^not\((.*)\)$/.exec(unquoted);
  return negated ? `not ${negated[1] ?? ''}` : unquoted;
}

/** The diff of every decision table the two models share or only one of them has. */
export async function diffDecisions(
  liveXml: string,
  draftXml: string,
  t: TFunction,
  language: Language,
): Promise<DecisionDiff[]> {
  const [live, draft] = await Promise.all([tables(liveXml), tables(draftXml)]);
  const diffs: DecisionDiff[] = [];
  for (const [decisionId, after] of draft) {
    const before = live.get(decisionId);
    const oldRules = new Map((before?.rules ?? []).map((r) => [r.id, r]));
    const newRules = new Map(after.rules.map((r) => [r.id, r]));
    const added = after.rules.filter((r) => !oldRules.has(r.id));
    const removed = (before?.rules ?? []).filter((r) => !newRules.has(r.id));
    const columns = [...after.inputs.map((i) => i.name), ...after.outputs.map((o) => o.label ?? o.name ?? '')];
    const changed = after.rules.flatMap((rule) => {
      const old = oldRules.get(rule.id);
      if (!old) return [];
      const cellsBefore = [...old.inputEntries, ...old.outputEntries];
      const cellsAfter = [...rule.inputEntries, ...rule.outputEntries];
      const cells = columns
        .map((column, i) => ({ column, before: cellsBefore[i] ?? '', after: cellsAfter[i] ?? '' }))
        .filter((c) => c.before.trim() !== c.after.trim());
      return cells.length > 0 ? [{ rule, cells }] : [];
    });

    // a rule read as its conditions and what it gives: the document, where the table has that output
    const documentAt = after.outputs.findIndex((o) => o.name === 'document');
    const conditions = (rule: DecisionTableRule, table: DecisionTableLogic) => {
      const parts = table.inputs
        .map((input, i) => ({ name: input.name, words: testWords(rule.inputEntries[i] ?? '') }))
        .filter((p) => p.words !== '')
        .map((p) => t('designer:diff.condition', { input: p.name, test: p.words }));
      return parts.length > 0 ? parts.join(t('designer:diff.and')) : t('designer:diff.everyone');
    };
    const gives = (rule: DecisionTableRule, table: DecisionTableLogic) => {
      const at = table.outputs.findIndex((o) => o.name === 'document');
      const raw = testWords(rule.outputEntries[at >= 0 ? at : 0] ?? '');
      return at >= 0 ? documentLabel(raw, language) : raw;
    };
    const sentences = [
      ...added.map((r) => t('designer:diff.added', { when: conditions(r, after), document: gives(r, after) })),
      ...removed.map((r) =>
        before ? t('designer:diff.removed', { when: conditions(r, before), document: gives(r, before) }) : '',
      ),
      ...changed.map(({ rule, cells }) =>
        t('designer:diff.changed', {
          document: documentAt >= 0 ? gives(rule, after) : rule.id,
          cells: cells
            .map((c) => t('designer:diff.cell', { column: c.column, before: c.before || '–', after: c.after || '–' }))
            .join('; '),
        }),
      ),
    ].filter(Boolean);
    diffs.push({ decisionId, added, removed, changed, sentences });
  }
  return diffs;
}
