import { createElement } from 'react';
import axe from 'axe-core';
import type { Decorator, Preview } from '@storybook/react-vite';
import '../src/styles.css';

/** Wraps every story in the theme scope unless the story brings its own (ChatWidget) or is unstyled. */
const withTheme: Decorator = (Story, context) => {
  const theme = String(context.globals.theme ?? 'light');
  if (context.parameters.ownTheme) return createElement(Story);
  return createElement(
    'div',
    { className: 'cw-theme', 'data-theme': theme, style: { padding: 16, minHeight: '100%' } },
    createElement(Story),
  );
};

/**
 * In the story tests (`vitest --project storybook`), axe checks every story a second time in
 * the dark theme (the a11y addon checks it as rendered, light): each `.cw-theme` root of the
 * story is switched to `data-theme="dark"` for the check, then put back.
 */
const axeInDark: NonNullable<Preview['afterEach']> = async ({ canvasElement, parameters }) => {
  if (import.meta.env.VITEST_STORYBOOK !== 'false' || parameters.a11y?.test === 'off') return;
  const roots = [...canvasElement.querySelectorAll<HTMLElement>('.cw-theme')].filter((root) => root.dataset.theme !== 'dark');
  if (roots.length === 0) return;
  const themes = roots.map((root) => root.getAttribute('data-theme'));
  roots.forEach((root) => root.setAttribute('data-theme', 'dark'));
  try {
    const { violations } = await axe.run(canvasElement, { rules: { region: { enabled: false } } });
    if (violations.length > 0) {
      const found = violations.map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')}`);
      throw new Error(`axe, dark theme: ${violations.length} violation(s)\n${found.join('\n')}`);
    }
  } finally {
    roots.forEach((root, i) => {
      const theme = themes[i];
      if (theme === null || theme === undefined) root.removeAttribute('data-theme');
      else root.setAttribute('data-theme', theme);
    });
  }
};

const preview: Preview = {
  afterEach: axeInDark,
  globalTypes: {
    theme: {
      description: 'chatwire theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
          { value: 'auto', title: 'Auto (system)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  decorators: [withTheme],
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i } },
    // axe runs on every story (after its play function) in the story tests: a violation fails them.
    a11y: { test: 'error' },
  },
};

export default preview;
