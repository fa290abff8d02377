import { makeAnswer } from '../render/answer';

/** Inline and display formulas of each section of {@link makeRichAnswer}. */
export const MATH_PER_SECTION = 3;
/** Sections of {@link makeRichAnswer}: each adds one footnote. */
export const SECTIONS = 6;

/**
 * A finished answer of ~9,500 characters with math, footnotes, code and tables (`rich`), and
 * the same answer without math and footnotes (`plain`: the formulas as inline code, no
 * references or definitions), so the two differ only in the rich content. Each of the
 * {@link SECTIONS} sections: a paragraph with two inline formulas (`$...$`, `\(...\)`) and a
 * footnote reference, a `$$` block, then the render bench's generated markdown (headings,
 * lists, code in four languages, tables, quotes, citations). The footnote definitions close
 * the answer.
 *
 * @example const { rich, plain } = makeRichAnswer();
 */
export function makeRichAnswer(): { rich: string; plain: string } {
  const rich: string[] = [];
  const plain: string[] = [];
  for (let i = 1; i <= SECTIONS; i += 1) {
    const inline = [`a_${i}^2 + b_${i}^2 = c_${i}^2`, `\\frac{${i}}{n+${i}}`];
    const display = `\\sum_{k=1}^{n} k^${i} = \\int_0^{n} x^${i} \\, dx + O(n^{${i}})`;
    const body = makeAnswer(1700, 500 + i).text.replace(/### Sources[\s\S]*$/, '');
    rich.push(`The relation $${inline[0]}$ holds, scaled by \\(${inline[1]}\\) per segment[^s${i}].\n\n$$\n${display}\n$$\n\n${body}`);
    plain.push(`The relation \`${inline[0]}\` holds, scaled by \`${inline[1]}\` per segment.\n\n\`\`\`\n${display}\n\`\`\`\n\n${body}`);
  }
  const notes = Array.from({ length: SECTIONS }, (_, i) => `[^s${i + 1}]: Measured on segment ${i + 1}, see the quarterly review.`).join('\n');
  return { rich: `${rich.join('\n\n')}\n\n${notes}\n`, plain: `${plain.join('\n\n')}\n` };
}
