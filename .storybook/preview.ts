import { createElement } from 'react';
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

const preview: Preview = {
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
  },
};

export default preview;
