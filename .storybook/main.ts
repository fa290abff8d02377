import type { StorybookConfig } from '@storybook/react-vite';

/** Storybook for chatwire's parts and ChatWidget; stories are driven by stories/support/mockStream.ts. */
const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-vitest', '@storybook/addon-a11y'],
  core: { disableTelemetry: true },
};

export default config;
