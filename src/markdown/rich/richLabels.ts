/** The English strings of the rich markdown chunk, in one place until they move to the labels catalog. */
export const RICH_LABELS = {
  footnotes: 'Footnotes',
  backToReference: (number: number): string => `Back to reference ${number}`,
};
