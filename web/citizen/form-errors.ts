// Form errors as the citizen pages show them: one list for the error summary at the top (each entry links to
// its field by id) and the same messages by field id, for the message beside each field.
import type { TFunction } from 'i18next';

/** One problem with one field, already in the reader's language. */
export interface FieldError {
  /** the id of the input, so the summary can link to `#id` */
  field: string;
  text: string;
}

/** What a template gets: the summary's list and a lookup by field id. */
export interface FormErrors {
  list: FieldError[];
  byField: Record<string, string>;
}

/** Collects errors; the first message per field wins, so the summary never lists a field twice. */
export class ErrorCollector {
  private readonly errors: FieldError[] = [];
  constructor(private readonly t: TFunction) {}

  /** Adds the message `citizen:<key>` for a field. */
  add(field: string, key: string, params: Record<string, unknown> = {}): void {
    if (this.errors.some((e) => e.field === field)) return;
    this.errors.push({ field, text: this.t(`citizen:${key}`, params) });
  }

  /** Whether anything was added. */
  get isEmpty(): boolean {
    return this.errors.length === 0;
  }

  /** The errors for a template. */
  result(): FormErrors {
    return toFormErrors(this.errors);
  }
}

/** Builds the template shape from a list. */
export function toFormErrors(list: FieldError[]): FormErrors {
  return { list, byField: Object.fromEntries(list.map((e) => [e.field, e.text])) };
}
