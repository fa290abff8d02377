'use client';
import { createContext } from 'react';

/** The footnotes of one `StreamingMarkdown`; internal. */
export interface Footnotes {
  /** Label (lower case) -> number, in order of first reference; labels defined but never referenced follow. */
  numbers: ReadonlyMap<string, number>;
  /** Labels whose definition has arrived. */
  defined: ReadonlySet<string>;
  /** Prefix of the ids of references and definitions, unique per `StreamingMarkdown`. */
  prefix: string;
}

/** The footnotes of the enclosing `StreamingMarkdown`, for its references; internal. */
export const FootnoteContext = createContext<Footnotes | null>(null);
