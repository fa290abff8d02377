import type { Citation } from '../../events';

/**
 * Gives each distinct source (by url, or another key) a stable 1-based id, so the badges of
 * a search result and of the text citing it agree.
 */
export class CitationNumbering {
  readonly #ids = new Map<string, string>();

  /** The id of the source with this key, assigned on first sight. */
  idFor(key: string): string {
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = String(this.#ids.size + 1);
      this.#ids.set(key, id);
    }
    return id;
  }

  /** A citation with its numbered id; fields that are `undefined` are left out. */
  cite(key: string, fields: Omit<Citation, 'id'>): Citation {
    const citation: Citation = { id: this.idFor(key) };
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === 'string' && value !== '') (citation as unknown as Record<string, string>)[name] = value;
    }
    return citation;
  }
}
