import { transformAsync } from '@babel/core';
import type { Plugin } from 'vite';

/** Imports React at run time (the modules whose top-level calls may create components or contexts). */
const importsReact = (imports: readonly string[]): boolean => imports.some((id) => id === 'react' || id.startsWith('react/'));
/** The calls the Babel plugin annotates (React's own list); a module without any is left as it is. */
const reactCall = /\b(?:forwardRef|memo|createContext|lazy|createElement|cloneElement|createFactory|createRef)\s*\(/;

/**
 * Marks React's value-creating calls (`forwardRef`, `memo`, `createContext`, `lazy`, ...)
 * `/* @__PURE__ *\/` in every output module that imports React, with Babel's
 * `@babel/plugin-transform-react-pure-annotations` (what `@babel/preset-react` applies): a
 * consumer's bundler may then drop a component that a module defines but the app never
 * renders, as it drops an unused function.
 */
export function pureReactCalls(): Plugin {
  return {
    name: 'chatwire-pure-react-calls',
    apply: 'build',
    async renderChunk(code, chunk) {
      if (!importsReact(chunk.imports) || !reactCall.test(code)) return null;
      const result = await transformAsync(code, {
        babelrc: false,
        configFile: false,
        sourceType: 'module',
        sourceMaps: true,
        filename: chunk.fileName,
        plugins: ['@babel/plugin-transform-react-pure-annotations'],
      });
      if (!result?.code) this.error(`Babel returned no code for ${chunk.fileName}`);
      return { code: result.code, map: result.map ?? null };
    },
  };
}
