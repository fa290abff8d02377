/** Markdown texts with math and footnotes, streamed prefix by prefix in the rich hold-back tests. */
export const richSamples: readonly string[] = [
  'Energy $E = mc^2$ and $a*b*c$ with *em* and $$x^2$$ inline.',
  'Costs $5 and $10, or US$20 total, and $3.50 each.',
  'Paren \\(a_1 + b_1\\) and display \\[\\sum_i x_i\\] end.',
  'Escaped \\$5 and $x$ and \\\\(not math) here.',
  'Refs [^1] and [^note] here, with **bold**.',
  'Display:\n\\[\nx = \\frac{1}{2}\n\\]\nafter.',
  'Block:\n$$\n\\int_0^1 x\\,dx = \\tfrac12\n$$\n',
  'Code `$x$` and $y_1$ and `a*b`.',
  'Mixed _em $x_1$ em_ and **$y$** strong.',
];
